import type { SuiteConfig } from '../config/suite-config.js';
import { type ScenarioName, scenarioRate } from './scenario-name.js';

/**
 * The knobs that make one scenario's run what it is, by variable name, as text: the target,
 * the model, the plan (rate, profile, arrivals, seed, START_AT), what is sent and the SLA
 * thresholds. Shards must agree on every one for their samples to be one run; MAX_VUS and
 * CONNECTIONS are per shard and not among them. Never holds a secret.
 */
export type RunKnobs = Readonly<Record<string, string>>;

/** Knobs a merge compares with its own config: all but where the shards sent (BASE) and when. */
export const SHARD_ONLY_KNOBS: readonly string[] = ['BASE', 'START_AT'];

export function runKnobs(
  config: SuiteConfig,
  scenario: ScenarioName,
  target: { baseUrl: string; simulated: boolean },
): RunKnobs {
  const { load, client, sla } = config;
  const rate = scenarioRate(load, scenario);
  const text = (value: unknown): string =>
    value === null || value === undefined ? '(unset)' : String(value);
  const ms = (value: number): string => `${value} ms`;
  return {
    // Each shard's embedded simulator has its own port: only "simulated" is common to them.
    BASE: target.simulated ? '(embedded simulator)' : target.baseUrl,
    MODEL: config.target.model,
    [rate.variable]: text(rate.ratePerSec),
    START_RATE: text(load.startRatePerSec),
    RAMP_UP: ms(load.rampUpMs),
    HOLD: ms(load.holdMs),
    RAMP_DOWN: ms(load.rampDownMs),
    GRACEFUL_STOP: ms(load.gracefulStopMs),
    ARRIVALS: load.arrivals,
    SEED: text(load.seed),
    START_AT:
      config.shards.startAtEpochMs === null
        ? '(unset)'
        : new Date(config.shards.startAtEpochMs).toISOString(),
    MAX_TOKENS: text(load.maxTokens),
    WORKLOAD: text(load.workload),
    TURNS: text(load.turns),
    THINK_TIME: ms(load.thinkTimeMs),
    INCLUDE_USAGE: text(client.includeUsage),
    EXTRA_BODY: client.extraBody === null ? '(unset)' : JSON.stringify(client.extraBody),
    CONNECT_TIMEOUT: ms(client.timeouts.connectMs),
    HEADERS_TIMEOUT: ms(client.timeouts.headersMs),
    FIRST_TOKEN_TIMEOUT: ms(client.timeouts.firstTokenMs),
    IDLE_TIMEOUT: ms(client.timeouts.idleMs),
    REQUEST_TIMEOUT: ms(client.timeouts.totalMs),
    SLA_FAILED_RATE: text(sla.maxFailedRate),
    SLA_STREAM_SHORT_TTFT_P95_MS: text(sla.streamShortTtftP95Ms),
    SLA_STREAM_COT_TTFT_P95_MS: text(sla.streamCotTtftP95Ms),
    SLA_NONSTREAM_SHORT_DURATION_P95_MS: text(sla.nonstreamShortDurationP95Ms),
    SLA_NONSTREAM_COT_DURATION_P95_MS: text(sla.nonstreamCotDurationP95Ms),
    SLA_MAX_DROPPED: text(sla.maxDroppedIterations),
    MIN_SAMPLES: text(sla.minSamples),
  };
}

/** One knob that differs: its name and both values. */
export interface KnobDifference {
  knob: string;
  a: string;
  b: string;
}

/** Knobs whose values differ between `a` and `b` (a knob missing on one side counts). */
export function knobDifferences(
  a: RunKnobs,
  b: RunKnobs,
  ignore: readonly string[] = [],
): KnobDifference[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (name) => !ignore.includes(name),
  );
  return names
    .filter((name) => a[name] !== b[name])
    .map((knob) => ({ knob, a: a[knob] ?? '(absent)', b: b[knob] ?? '(absent)' }));
}
