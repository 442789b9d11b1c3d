import type { RequestSample, SampleTags } from '../client/request-sample.js';
import type { MetricStore, TagSet, TagValues } from './metric-store.js';
import { hasObjective, meetsSlo, type RequestSlo } from './request-slo.js';

/** How points of a metric aggregate (k6's metric types). */
export type MetricKind = 'trend' | 'rate' | 'counter' | 'gauge';

/** Unit of a metric's values. */
export type MetricUnit =
  | 'ms'
  | 'tokens'
  | 'tokens/s'
  | 'ratio'
  | 'requests'
  | 'iterations'
  | 'bytes'
  | 'vus';

/** One metric of the public contract. */
export interface MetricDefinition {
  /** Name as used in selectors, reports and the ndjson output. */
  readonly name: string;
  /** trend: a distribution; rate: 0/1 points; counter: summed points; gauge: latest value. */
  readonly kind: MetricKind;
  /** Unit of every value. */
  readonly unit: MetricUnit;
  /** One line for reports and docs. */
  readonly description: string;
}

/** Every metric the suite records, in report order. Names are the public contract. */
export const METRIC_DEFINITIONS = [
  def('llm_ttfb_ms', 'trend', 'ms', 'request sent -> response headers'),
  def('llm_ttft_ms', 'trend', 'ms', 'request sent -> first output-bearing event'),
  def('llm_ttfc_ms', 'trend', 'ms', 'request sent -> first event with delta.content'),
  def('llm_receiving_ms', 'trend', 'ms', 'response headers -> last body byte'),
  def('llm_total_ms', 'trend', 'ms', 'request sent -> last body byte'),
  def('http_req_duration', 'trend', 'ms', 'same value as llm_total_ms (k6 name)'),
  def('llm_queue_ms', 'trend', 'ms', 'X-Queue-Time response header'),
  def('llm_output_tokens', 'trend', 'tokens', 'completion tokens per request'),
  def('llm_input_tokens', 'trend', 'tokens', 'prompt tokens per request'),
  def('llm_requested_input_tokens', 'trend', 'tokens', 'prompt tokens the workload asked for'),
  def('llm_requested_output_tokens', 'trend', 'tokens', 'max_tokens sent with the request'),
  def('llm_tokens_per_sec', 'trend', 'tokens/s', 'output tokens / total time'),
  def('llm_tpot_ms', 'trend', 'ms', 'time per output token after the first'),
  def('llm_decode_tokens_per_sec', 'trend', 'tokens/s', '1000 / llm_tpot_ms'),
  def('llm_itl_ms', 'trend', 'ms', 'gap between consecutive output events (one point per gap)'),
  def('llm_stall_ms', 'trend', 'ms', 'longest gap between output events in a request'),
  def('schedule_lag_ms', 'trend', 'ms', 'actual start - scheduled start of the request'),
  def('http_req_failed', 'rate', 'ratio', '1 when status is not 2xx or outcome is not ok'),
  def('llm_goodput', 'rate', 'ratio', '1 when the request met every SLO_* objective'),
  def('http_reqs', 'counter', 'requests', '1 per request'),
  def('dropped_iterations', 'counter', 'iterations', 'scheduled starts that found no free slot'),
  // k6's built-ins, defined as k6 defines them (docs/metrics.md "k6's built-in metrics").
  def('http_req_blocked', 'trend', 'ms', 'request handed to the client -> it got a socket'),
  def('http_req_connecting', 'trend', 'ms', 'TCP connect of a new socket; 0 when reused'),
  def('http_req_tls_handshaking', 'trend', 'ms', 'TLS handshake of a new socket; 0 when reused'),
  def('http_req_sending', 'trend', 'ms', 'writing the request to the socket'),
  def('http_req_waiting', 'trend', 'ms', 'request written -> response headers'),
  def('http_req_receiving', 'trend', 'ms', 'response headers -> last body byte'),
  def('data_sent', 'counter', 'bytes', 'bytes written to sockets (TLS: before encryption)'),
  def('data_received', 'counter', 'bytes', 'bytes read from sockets (TLS: after decryption)'),
  def('iterations', 'counter', 'iterations', 'iterations (arrivals) that ran to their end'),
  def('vus', 'gauge', 'vus', 'iterations in flight, sampled every second'),
  def('vus_max', 'gauge', 'vus', 'MAX_VUS: most iterations in flight at once'),
] as const;

/** Name of a metric of the public contract. */
export type MetricName = (typeof METRIC_DEFINITIONS)[number]['name'];

/** Metric names in report order. */
export const METRIC_NAMES: readonly MetricName[] = METRIC_DEFINITIONS.map((m) => m.name);

/**
 * Tag keys of request points: every one carries the first six, multi-turn workload runs add
 * `turn`; `dropped_iterations` carries scenario and prompt.
 */
export const TAG_KEYS = [
  'scenario',
  'prompt',
  'status',
  'model',
  'stream',
  'outcome',
  'turn',
  // The meta scenario's request name: `GET /v1/version`, `GET /v1/models` (k6's `name`).
  'name',
] as const;

/** A tag key of the public contract. */
export type TagKey = (typeof TAG_KEYS)[number];

const BY_NAME = new Map<string, MetricDefinition>(METRIC_DEFINITIONS.map((m) => [m.name, m]));

/** The definition of a metric, or undefined when the name is not one of ours. */
export function metricDefinition(name: string): MetricDefinition | undefined {
  return BY_NAME.get(name);
}

/** Tags of a `dropped_iterations` point. */
export interface DroppedIterationTags {
  /** Scenario whose scheduled start was dropped. */
  scenario: string;
  /** Prompt tag the dropped iteration would have used. */
  prompt: string;
}

/**
 * Records every point of one request: trends from the sample's fields (a null or non-finite
 * field records nothing), one `llm_itl_ms` point per gap, `http_req_failed` and `http_reqs`.
 * With `slo` objectives set, also `llm_goodput` (1 when the request met them). All points
 * carry the sample's tags and its `startEpochMs` as time.
 */
export function recordSample(
  store: MetricStore,
  sample: RequestSample,
  scheduleLagMs: number | null,
  slo?: RequestSlo | null,
): void {
  const tagSet = tagSetOf(store, sample.tags);
  const timeMs = sample.startEpochMs;
  put(store, 'llm_ttfb_ms', tagSet, sample.ttfbMs, timeMs);
  put(store, 'llm_ttft_ms', tagSet, sample.ttftMs, timeMs);
  put(store, 'llm_ttfc_ms', tagSet, sample.ttfcMs, timeMs);
  put(store, 'llm_receiving_ms', tagSet, sample.receivingMs, timeMs);
  put(store, 'llm_total_ms', tagSet, sample.totalMs, timeMs);
  put(store, 'http_req_duration', tagSet, sample.totalMs, timeMs);
  put(store, 'llm_queue_ms', tagSet, sample.queueMs, timeMs);
  put(store, 'llm_output_tokens', tagSet, sample.outputTokens, timeMs);
  put(store, 'llm_input_tokens', tagSet, sample.inputTokens, timeMs);
  put(store, 'llm_tokens_per_sec', tagSet, sample.tokensPerSec, timeMs);
  put(store, 'llm_tpot_ms', tagSet, sample.tpotMs, timeMs);
  put(store, 'llm_decode_tokens_per_sec', tagSet, sample.decodeTokensPerSec, timeMs);
  // One series lookup for all the gaps (a stream has one per token).
  store.addValues('llm_itl_ms', tagSet, sample.itlMs, timeMs);
  put(store, 'llm_stall_ms', tagSet, sample.stallMs, timeMs);
  put(store, 'schedule_lag_ms', tagSet, scheduleLagMs, timeMs);
  put(store, 'http_req_blocked', tagSet, sample.blockedMs, timeMs);
  put(store, 'http_req_connecting', tagSet, sample.connectingMs, timeMs);
  put(store, 'http_req_tls_handshaking', tagSet, sample.tlsHandshakingMs, timeMs);
  put(store, 'http_req_sending', tagSet, sample.sendingMs, timeMs);
  put(store, 'http_req_waiting', tagSet, sample.waitingMs, timeMs);
  put(store, 'http_req_receiving', tagSet, sample.receivingMs, timeMs);
  put(store, 'data_sent', tagSet, sample.dataSentBytes, timeMs);
  put(store, 'data_received', tagSet, sample.dataReceivedBytes, timeMs);
  const { status, outcome } = sample.tags;
  put(store, 'http_req_failed', tagSet, isFailedRequest(status, outcome) ? 1 : 0, timeMs);
  if (hasObjective(slo)) put(store, 'llm_goodput', tagSet, meetsSlo(sample, slo) ? 1 : 0, timeMs);
  put(store, 'http_reqs', tagSet, 1, timeMs);
}

/**
 * Records what a workload request asked for, with the sample's tags: `llm_requested_input_tokens`
 * (synthetic prompts) and `llm_requested_output_tokens` (the max_tokens sent); null records
 * nothing. Called right after recordSample, so the tag set is the one it just used.
 */
export function recordRequestedTokens(
  store: MetricStore,
  sample: RequestSample,
  inputTokens: number | null,
  outputTokens: number | null,
): void {
  if (inputTokens === null && outputTokens === null) return;
  const tagSet = tagSetOf(store, sample.tags);
  put(store, 'llm_requested_input_tokens', tagSet, inputTokens, sample.startEpochMs);
  put(store, 'llm_requested_output_tokens', tagSet, outputTokens, sample.startEpochMs);
}

/** A plain function, not a closure per call: recordSample runs once per request. */
function put(
  store: MetricStore,
  metric: MetricName,
  tagSet: TagSet,
  value: number | null,
  timeMs: number,
): void {
  if (value !== null && Number.isFinite(value)) store.add(metric, tagSet, value, timeMs);
}

/**
 * The tag set a store last gave recordSample (these six tags, and `turn` in multi-turn runs):
 * consecutive samples mostly share their tags.
 */
const lastTagSets = new WeakMap<MetricStore, TagSet>();

/**
 * The store's tag set for a sample's six tags. Interning builds a canonical key (sorted,
 * JSON-encoded) each time; comparing six strings with the last set found skips that.
 */
function tagSetOf(store: MetricStore, tags: SampleTags): TagSet {
  const { scenario, prompt, status, model, stream, outcome, turn } = tags;
  const last = lastTagSets.get(store);
  if (last !== undefined) {
    const known = last.tags;
    if (
      known.scenario === scenario &&
      known.prompt === prompt &&
      known.status === status &&
      known.model === model &&
      known.stream === stream &&
      known.outcome === outcome &&
      known.turn === turn
    ) {
      return last;
    }
  }
  const tagSet = store.internTags(
    turn === undefined
      ? { scenario, prompt, status, model, stream, outcome }
      : { scenario, prompt, status, model, stream, outcome, turn },
  );
  lastTagSets.set(store, tagSet);
  return tagSet;
}

/** Records one `dropped_iterations` point (value 1) for a start the scheduler could not serve. */
export function recordDroppedIteration(
  store: MetricStore,
  tags: DroppedIterationTags,
  timeEpochMs: number,
): void {
  const tagValues: TagValues = { scenario: tags.scenario, prompt: tags.prompt };
  store.add('dropped_iterations', store.internTags(tagValues), 1, timeEpochMs);
}

/** Tags of `iterations`, `vus` and `vus_max` points: the scenario x prompt they belong to. */
export type ScopeTags = DroppedIterationTags;

/** Records one `iterations` point (value 1): an arrival whose iteration ran to its end. */
export function recordIteration(store: MetricStore, tags: ScopeTags, timeEpochMs: number): void {
  const tagValues: TagValues = { scenario: tags.scenario, prompt: tags.prompt };
  store.add('iterations', store.internTags(tagValues), 1, timeEpochMs);
}

/** Records one `vus` point (iterations in flight now) and one `vus_max` point (MAX_VUS). */
export function recordVus(
  store: MetricStore,
  tags: ScopeTags,
  inFlight: number,
  maxVus: number,
  timeEpochMs: number,
): void {
  const tagSet = store.internTags({ scenario: tags.scenario, prompt: tags.prompt });
  store.add('vus', tagSet, inFlight, timeEpochMs);
  store.add('vus_max', tagSet, maxVus, timeEpochMs);
}

/** `http_req_failed`'s rule: failed when the outcome is not ok or the status is not 2xx. */
export function isFailedRequest(status: string, outcome: string): boolean {
  return outcome !== 'ok' || !/^2\d\d$/.test(status);
}

function def<const N extends string>(
  name: N,
  kind: MetricKind,
  unit: MetricUnit,
  description: string,
): {
  readonly name: N;
  readonly kind: MetricKind;
  readonly unit: MetricUnit;
  readonly description: string;
} {
  return { name, kind, unit, description };
}
