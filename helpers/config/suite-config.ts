import { createSecretRedactor } from '../client/secret-redactor.js';
import type { ConfigProblem } from './env-reader.js';
import { EnvReader, MAX_DURATION_MS } from './env-reader.js';
import { headerValueProblem } from './header-value-problem.js';
import { describeMaskedUrl, maskUrl } from './mask-url.js';
import { resultsDirProblem } from './results-dir-problem.js';
import { MAX_SHARDS, readShardsConfig, type ShardsConfig } from './shards-config.js';

/** Where requests go and who they say they are. */
export interface TargetConfig {
  /** `BASE`: the server's base URL; `null` runs against the embedded simulator. */
  baseUrl: string | null;
  /** `MODEL`: model name sent in every request and expected in /v1/models. */
  model: string;
  /** `API_KEY`: sent as `Authorization: Bearer ...`. Secret. */
  apiKey: string | null;
  /** `LOADTEST_TOKEN`: sent as `X-LoadTest-Token`. Secret. */
  loadTestToken: string | null;
  /** `SKIP_VERSION_CHECK`: skip the `GET /v1/version` smoke check (servers without it). */
  skipVersionCheck: boolean;
  /** `LOAD_DESPITE_SMOKE`: run the load specs even when a smoke check failed. */
  loadDespiteSmoke: boolean;
}

/** Arrival-rate profile of each load scenario. */
export interface LoadConfig {
  /** `NONSTREAM_RPS`: target arrival rate of the non-stream scenario, requests/s; 0 disables. */
  nonstreamRatePerSec: number;
  /** `STREAM_RPS`: target arrival rate of the stream scenario, requests/s; 0 disables. */
  streamRatePerSec: number;
  /** `DURATION_MIN`: total minutes of the seed profile (ramp up 1m, hold, ramp down 1m). */
  durationMin: number;
  /** `META_RPS`: target arrival rate of the meta scenario (GET version + models), iterations/s; 0 disables. */
  metaRatePerSec: number;
  /** `START_RATE`: arrival rate at the start of the ramp up, requests/s; null: min(1, target) of each scenario, as the seed. */
  startRatePerSec: number | null;
  /** `RAMP_UP`: ramp-up duration, ms. */
  rampUpMs: number;
  /** `HOLD`: duration at the target rate, ms. */
  holdMs: number;
  /** `RAMP_DOWN`: ramp-down duration, ms. */
  rampDownMs: number;
  /** `GRACEFUL_STOP`: time in-flight requests get after the last stage, ms. */
  gracefulStopMs: number;
  /** `MAX_VUS`: in-flight cap per scenario; an arrival that finds it full is dropped. */
  maxVus: number;
  /** `ARRIVALS`: evenly spaced arrivals, or a seeded Poisson process. */
  arrivals: 'even' | 'poisson';
  /** `SEED`: seed of the Poisson arrivals and of workloads (prompt text, lengths, order). */
  seed: number;
  /** `MAX_TOKENS`: `max_tokens` sent with every request; `null` sends none. */
  maxTokens: number | null;
  /** `WORKLOAD`: what specs/workload send (fixture tag, synthetic description, dataset file). */
  workload: string | null;
  /** `WORKLOAD_SKIP_BAD`: skip bad dataset lines (listed) instead of stopping the run. */
  workloadSkipBad: boolean;
  /** `TURNS`: requests per conversation of a workload run; 1 = single requests. */
  turns: number;
  /** `THINK_TIME`: pause between a turn's answer and the next turn, ms. */
  thinkTimeMs: number;
  /** `ABORT_ON_FAIL`: stop a scenario whose failure rate is far over SLA_FAILED_RATE (k6 abortOnFail). */
  abortOnFail: boolean;
  /** `ABORT_DELAY`: no abort before this long after the scenario's start, ms (k6 delayAbortEval). */
  abortDelayMs: number;
  /** Whether the stages came from RAMP_UP/HOLD/RAMP_DOWN rather than DURATION_MIN. */
  profileSource: 'duration-min' | 'stage-knobs' | 'simulator-default';
  /**
   * `STREAM_CONCURRENCY`, else `CONCURRENCY`: the stream scenario runs this many users back to
   * back (closed model) instead of arrivals at `STREAM_RPS`; null: arrivals.
   */
  streamConcurrency: number | null;
  /** `NONSTREAM_CONCURRENCY`, else `CONCURRENCY`: the same for the non-stream scenario. */
  nonstreamConcurrency: number | null;
}

/** Per-request objectives of `llm_goodput` (vLLM's goodput); null: not part of it. */
export interface SloConfig {
  /** `SLO_TTFT_MS`: time to first token at most, ms. */
  ttftMs: number | null;
  /** `SLO_TPOT_MS`: time per output token at most, ms. */
  tpotMs: number | null;
  /** `SLO_TOTAL_MS`: whole request at most, ms. */
  totalMs: number | null;
}

/** The capacity search of `specs/capacity/` (see docs/capacity.md). */
export interface CapacityConfig {
  /** `CAPACITY`: run the capacity specs also when they are not named on the command line. */
  enabled: boolean;
  /** `CAPACITY_MIN`: the load the capacity test requires, in `unit`. */
  min: number;
  /** `CAPACITY_STEP`: length of one constant-load step, ms. */
  stepMs: number;
  /** `CAPACITY_WARMUP`: share at the start of each step recorded but not judged. */
  warmupShare: number;
  /** `CAPACITY_PRECISION`: bisect until failedAt / sustained <= 1 + this. */
  precision: number;
  /** `CAPACITY_UNIT`: search requests/s (open model) or users at once (closed model). */
  unit: 'rate' | 'users';
}

/** Per-phase client timeouts, ms. */
export interface TimeoutsConfig {
  /** `CONNECT_TIMEOUT`: TCP (and TLS) connect. */
  connectMs: number;
  /** `HEADERS_TIMEOUT`: request sent -> response headers. */
  headersMs: number;
  /** `FIRST_TOKEN_TIMEOUT`: request sent -> first output-bearing event. */
  firstTokenMs: number;
  /** `IDLE_TIMEOUT`: longest gap between output events (streams) or body chunks (JSON bodies). */
  idleMs: number;
  /** `REQUEST_TIMEOUT`: whole request. */
  totalMs: number;
}

export interface ClientConfig {
  /** `CONNECTIONS`: max sockets per scenario's connection pool. */
  connections: number;
  /** `INCLUDE_USAGE`: ask streams for a usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  /** `KEEP_TEXT`: keep generated text on samples (debugging; costs memory). */
  keepText: boolean;
  /** `EXTRA_BODY`: JSON object merged into every chat request body; null adds nothing. */
  extraBody: Readonly<Record<string, unknown>> | null;
  timeouts: TimeoutsConfig;
  /** `INSECURE_SKIP_TLS_VERIFY` (k6's name): accept any server certificate. Unsafe. */
  insecureSkipTlsVerify: boolean;
  /** `HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`: forward proxies; null = not set. */
  proxy: { httpProxy: string | null; httpsProxy: string | null; noProxy: string | null };
}

/** Limits of the SLA tests; each can be changed from the environment. */
export interface SlaConfig {
  /** `SLA_FAILED_RATE`: http_req_failed must stay below this fraction. */
  maxFailedRate: number;
  /** `SLA_STREAM_SHORT_TTFT_P95_MS`. */
  streamShortTtftP95Ms: number;
  /** `SLA_STREAM_COT_TTFT_P95_MS`. */
  streamCotTtftP95Ms: number;
  /** `SLA_NONSTREAM_SHORT_DURATION_P95_MS`. */
  nonstreamShortDurationP95Ms: number;
  /** `SLA_NONSTREAM_COT_DURATION_P95_MS`. */
  nonstreamCotDurationP95Ms: number;
  /** `SLA_META_DURATION_P95_MS`: p95 http_req_duration of the meta scenario's GETs. */
  metaDurationP95Ms: number;
  /** `SLA_MAX_DROPPED`: dropped iterations allowed per scenario. */
  maxDroppedIterations: number;
  /** `MIN_SAMPLES`: an SLA over fewer samples fails as too few to judge. */
  minSamples: number;
}

export interface ReportConfig {
  /** `RESULTS_DIR`: where result files go. */
  resultsDir: string;
  /** `BASELINE`: a saved summary to compare this run with; `null` compares with nothing. */
  baselinePath: string | null;
  /** `REGRESSION_TOLERANCE`: allowed relative regression against the baseline (0.1 = 10%). */
  regressionTolerance: number;
}

export interface SuiteConfig {
  target: TargetConfig;
  load: LoadConfig;
  client: ClientConfig;
  sla: SlaConfig;
  report: ReportConfig;
  slo: SloConfig;
  capacity: CapacityConfig;
  /** SHARD, START_AT, MERGE_FROM: one share of the load, or the merge of the shards (docs/shards.md). */
  shards: ShardsConfig;
}

/** Options of `readSuiteConfig`. */
export interface ReadSuiteConfigOptions {
  /**
   * Now, epoch ms, to check START_AT against (more than 5 s past, more than 60 min ahead).
   * The global setup sets it before the run; unset, only START_AT's form is checked: a spec
   * worker or the reporter reads the config after START_AT has passed, and the scenario
   * checks the time again as it starts.
   */
  startAtNowEpochMs?: number;
}

export type ConfigResult =
  | { ok: true; config: SuiteConfig }
  | { ok: false; problems: ConfigProblem[] };

const MINUTE_MS = 60_000;

/**
 * Highest arrival rate one process paces per scenario, requests/s. The bench measured 1000
 * req/s paced exactly with a quarter of a core (docs/bench.md); 5000 leaves room on a faster
 * machine while refusing rates that would only spin the scheduler.
 */
export const MAX_RATE_PER_SEC = 5000;
/**
 * Most arrivals one scenario may plan (rate x time over the stages): each keeps a few numbers
 * in memory for the whole run, so a plan must stay far below what a process holds.
 */
export const MAX_PLANNED_ARRIVALS = 10_000_000;
/** Most requests in flight (MAX_VUS) and sockets (CONNECTIONS) per scenario in one process. */
export const MAX_IN_FLIGHT = 10_000;

const SHARD_HINT = 'for more, split the load over several processes (shards)';
/** The rate range of a process that runs `1 / processes` of the plan (a shard of N, or all). */
function rateRange(processes: number) {
  return {
    min: 0,
    max: MAX_RATE_PER_SEC * processes,
    aboveMaxNote:
      processes === 1
        ? `one process paces at most ${MAX_RATE_PER_SEC} requests/s per scenario; ${SHARD_HINT}`
        : `each of ${processes} shards paces at most ${MAX_RATE_PER_SEC} requests/s per scenario; use more shards`,
  } as const;
}

/** The short profile used against the embedded simulator unless stage knobs are set. */
export const SIMULATOR_PROFILE = { rampUpMs: 5_000, holdMs: 20_000, rampDownMs: 5_000 } as const;

/**
 * Reads and validates every knob at once. Unset or empty variables take their defaults.
 * Problems are collected, never thrown one by one; secrets never appear in a problem.
 */
export function readSuiteConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: ReadSuiteConfigOptions = {},
): ConfigResult {
  const read = new EnvReader(env);

  const target = readTarget(read);
  const shards = readShardsConfig(read, options.startAtNowEpochMs ?? null);
  // A shard runs 1/N of each plan; a merge runs none (its shards were bounded when they ran).
  const processes = shards.mergeFrom !== null ? MAX_SHARDS : (shards.shard?.count ?? 1);
  const load = readLoad(read, target.baseUrl === null, processes);
  const client: ClientConfig = {
    connections: read.integer('CONNECTIONS', Math.max(load.maxVus, 1), {
      min: 1,
      max: MAX_IN_FLIGHT,
      aboveMaxNote: `one process holds at most ${MAX_IN_FLIGHT} sockets per scenario; ${SHARD_HINT}`,
    }),
    includeUsage: read.boolean('INCLUDE_USAGE', true),
    keepText: read.boolean('KEEP_TEXT', false),
    extraBody: readExtraBody(read),
    timeouts: {
      connectMs: read.durationMs('CONNECT_TIMEOUT', 10_000, { minMs: 1 }),
      headersMs: read.durationMs('HEADERS_TIMEOUT', 120_000, { minMs: 1 }),
      firstTokenMs: read.durationMs('FIRST_TOKEN_TIMEOUT', 120_000, { minMs: 1 }),
      idleMs: read.durationMs('IDLE_TIMEOUT', 60_000, { minMs: 1 }),
      totalMs: read.durationMs('REQUEST_TIMEOUT', 600_000, { minMs: 1 }),
    },
    insecureSkipTlsVerify: read.boolean('INSECURE_SKIP_TLS_VERIFY', false),
    proxy: {
      httpProxy: read.optionalString('HTTP_PROXY'),
      httpsProxy: read.optionalString('HTTPS_PROXY'),
      noProxy: read.optionalString('NO_PROXY'),
    },
  };
  const sla: SlaConfig = {
    maxFailedRate: read.number('SLA_FAILED_RATE', 0.02, { min: 0, max: 1 }),
    streamShortTtftP95Ms: read.number('SLA_STREAM_SHORT_TTFT_P95_MS', 1000, { min: 0 }),
    streamCotTtftP95Ms: read.number('SLA_STREAM_COT_TTFT_P95_MS', 3000, { min: 0 }),
    nonstreamShortDurationP95Ms: read.number('SLA_NONSTREAM_SHORT_DURATION_P95_MS', 4000, {
      min: 0,
    }),
    nonstreamCotDurationP95Ms: read.number('SLA_NONSTREAM_COT_DURATION_P95_MS', 30_000, {
      min: 0,
    }),
    metaDurationP95Ms: read.number('SLA_META_DURATION_P95_MS', 1000, { min: 0 }),
    maxDroppedIterations: read.integer('SLA_MAX_DROPPED', 0, { min: 0 }),
    minSamples: read.integer('MIN_SAMPLES', 10, { min: 1 }),
  };
  const report: ReportConfig = {
    resultsDir: readResultsDir(read),
    baselinePath: read.optionalString('BASELINE'),
    regressionTolerance: read.number('REGRESSION_TOLERANCE', 0.1, { min: 0 }),
  };

  const slo: SloConfig = {
    ttftMs: read.optionalNumber('SLO_TTFT_MS', { min: 0 }),
    tpotMs: read.optionalNumber('SLO_TPOT_MS', { min: 0 }),
    totalMs: read.optionalNumber('SLO_TOTAL_MS', { min: 0 }),
  };
  const capacity: CapacityConfig = {
    enabled: read.boolean('CAPACITY', false),
    min: read.number('CAPACITY_MIN', 1, { min: 0 }),
    stepMs: read.durationMs('CAPACITY_STEP', 5_000, { minMs: 1000 }),
    warmupShare: read.number('CAPACITY_WARMUP', 0.2, { min: 0, max: 0.9 }),
    precision: read.number('CAPACITY_PRECISION', 0.1, { min: 0.01, max: 1 }),
    unit: read.oneOf('CAPACITY_UNIT', ['rate', 'users'] as const, 'rate'),
  };

  checkPlannedArrivals(read, load, processes);

  if (read.problems.length > 0) {
    // Defence in depth: a secret pasted into another variable is not echoed either.
    // The raw values: a secret refused as a header value is still kept out.
    const redact = createSecretRedactor(
      [read.raw('API_KEY'), read.raw('LOADTEST_TOKEN')].filter((v): v is string => v !== undefined),
    );
    const problems = read.problems.map((p) => ({ ...p, value: redact(p.value) }));
    return { ok: false, problems };
  }
  return { ok: true, config: { target, load, client, sla, report, slo, capacity, shards } };
}

function readResultsDir(read: EnvReader): string {
  const dir = read.string('RESULTS_DIR', 'results');
  const problem = resultsDirProblem(dir);
  if (problem !== null) read.problem('RESULTS_DIR', dir, problem.expected, problem.note);
  return dir;
}

/** Reads a secret; one that no HTTP header can carry is a problem, named but never shown. */
function readSecret(read: EnvReader, name: 'API_KEY' | 'LOADTEST_TOKEN'): string | null {
  const value = read.optionalString(name);
  if (value === null) return null;
  const problem = headerValueProblem(value);
  if (problem === null) return value;
  read.problem(
    name,
    '[redacted]',
    'a value an HTTP header can carry (tab, printable ASCII, bytes 0x80-0xFF)',
    problem,
  );
  return null;
}

/** Arrivals a rate plans over the stages: the ramps are linear, so their mean rate counts. */
export function plannedArrivals(load: LoadConfig, targetRatePerSec: number): number {
  const startRatePerSec = startRateFor(load, targetRatePerSec);
  const rampUp = ((startRatePerSec + targetRatePerSec) / 2) * (load.rampUpMs / 1000);
  const hold = targetRatePerSec * (load.holdMs / 1000);
  const rampDown = (targetRatePerSec / 2) * (load.rampDownMs / 1000);
  return rampUp + hold + rampDown;
}

/** The ramp's start rate of a scenario: START_RATE, or the seed's min(1, target) when unset. */
export function startRateFor(load: LoadConfig, targetRatePerSec: number): number {
  return load.startRatePerSec ?? Math.min(1, targetRatePerSec);
}

function checkPlannedArrivals(read: EnvReader, load: LoadConfig, processes: number): void {
  const rates = [
    ['NONSTREAM_RPS', load.nonstreamRatePerSec],
    ['STREAM_RPS', load.streamRatePerSec],
    ['META_RPS', load.metaRatePerSec],
  ] as const;
  for (const [name, ratePerSec] of rates) {
    if (ratePerSec === 0) continue; // a disabled scenario plans nothing
    const count = Math.ceil(plannedArrivals(load, ratePerSec) / processes);
    if (count <= MAX_PLANNED_ARRIVALS) continue;
    read.problem(
      name,
      String(ratePerSec),
      `a rate that plans at most ${MAX_PLANNED_ARRIVALS} arrivals per scenario in one process ` +
        'over the stages (RAMP_UP, HOLD, RAMP_DOWN or DURATION_MIN)',
      `with these stages it plans ${count}; lower the rate or shorten the stages, or ${SHARD_HINT}`,
    );
  }
}

function readTarget(read: EnvReader): TargetConfig {
  return {
    baseUrl: readBaseUrl(read),
    model: read.string('MODEL', 'jan-v1-4b'),
    apiKey: readSecret(read, 'API_KEY'),
    loadTestToken: readSecret(read, 'LOADTEST_TOKEN'),
    skipVersionCheck: read.boolean('SKIP_VERSION_CHECK', false),
    loadDespiteSmoke: read.boolean('LOAD_DESPITE_SMOKE', false),
  };
}

function readBaseUrl(read: EnvReader): string | null {
  const text = read.raw('BASE');
  if (text === undefined) return null;
  // Every message about BASE shows it masked, whatever else is wrong with it.
  const masked = maskUrl(text);
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    // Reported below, masked.
  }
  const httpUrl = url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
  if (httpUrl && !masked.hasCredentials && !masked.hasQueryOrFragment) {
    return (url as URL).toString().replace(/\/+$/, '');
  }
  const wants = ['an http:// or https:// URL such as http://127.0.0.1:8000'];
  if (url === null) wants.push('that parses (a valid host, and a port from 1 to 65535 if any)');
  if (masked.hasCredentials) wants.push('without user:password (pass the key in API_KEY)');
  if (masked.hasQueryOrFragment) {
    wants.push('without ?query or #fragment (pass keys in API_KEY or LOADTEST_TOKEN)');
  }
  read.problem('BASE', describeMaskedUrl(masked), wants.join(', '));
  return null;
}

function readLoad(read: EnvReader, simulator: boolean, processes: number): LoadConfig {
  const rates = rateRange(processes);
  const durationMin = read.number('DURATION_MIN', 5, {
    min: 0,
    max: Math.floor(MAX_DURATION_MS / MINUTE_MS),
  });
  const rampUpMs = read.optionalDurationMs('RAMP_UP', { minMs: 0 });
  const holdMs = read.optionalDurationMs('HOLD', { minMs: 0 });
  const rampDownMs = read.optionalDurationMs('RAMP_DOWN', { minMs: 0 });
  const stageKnobSet = read.has('RAMP_UP') || read.has('HOLD') || read.has('RAMP_DOWN');

  // Setting any stage knob replaces the stages derived from DURATION_MIN: the stages are
  // then exactly RAMP_UP, HOLD and RAMP_DOWN, an unset one lasting 0 (HOLD=30s alone is a
  // constant arrival rate for 30 s). Against the simulator, with neither DURATION_MIN nor a
  // stage knob set, a short profile runs so the first command finishes quickly.
  let stages: { rampUpMs: number; holdMs: number; rampDownMs: number };
  let profileSource: LoadConfig['profileSource'];
  if (stageKnobSet) {
    stages = { rampUpMs: rampUpMs ?? 0, holdMs: holdMs ?? 0, rampDownMs: rampDownMs ?? 0 };
    profileSource = 'stage-knobs';
  } else if (simulator && !read.has('DURATION_MIN')) {
    stages = { ...SIMULATOR_PROFILE };
    profileSource = 'simulator-default';
  } else {
    stages = {
      rampUpMs: MINUTE_MS,
      holdMs: Math.max(durationMin - 2, 1) * MINUTE_MS,
      rampDownMs: MINUTE_MS,
    };
    profileSource = 'duration-min';
  }

  const nonstreamRatePerSec = read.number('NONSTREAM_RPS', 2, rates);
  const streamRatePerSec = read.number('STREAM_RPS', 1, rates);
  const concurrency = read.optionalInteger('CONCURRENCY', { min: 1 });
  const streamConcurrency = read.optionalInteger('STREAM_CONCURRENCY', { min: 1 }) ?? concurrency;
  const nonstreamConcurrency =
    read.optionalInteger('NONSTREAM_CONCURRENCY', { min: 1 }) ?? concurrency;
  refuseBothModels(read, 'STREAM', 'chat_stream', streamRatePerSec, streamConcurrency);
  refuseBothModels(read, 'NONSTREAM', 'chat_nonstream', nonstreamRatePerSec, nonstreamConcurrency);

  return {
    nonstreamRatePerSec,
    streamRatePerSec,
    durationMin,
    metaRatePerSec: read.number('META_RPS', 2, rates),
    startRatePerSec: read.has('START_RATE') ? read.number('START_RATE', 0, rates) : null,
    ...stages,
    gracefulStopMs: read.durationMs('GRACEFUL_STOP', 30_000, { minMs: 0 }),
    maxVus: read.integer('MAX_VUS', 200, {
      min: 1,
      max: MAX_IN_FLIGHT,
      aboveMaxNote: `one process keeps at most ${MAX_IN_FLIGHT} requests in flight per scenario; ${SHARD_HINT}`,
    }),
    arrivals: read.oneOf('ARRIVALS', ['even', 'poisson'] as const, 'even'),
    seed: read.integer('SEED', 1, { min: 0 }),
    maxTokens: read.optionalInteger('MAX_TOKENS', { min: 1 }),
    workload: read.optionalString('WORKLOAD'),
    workloadSkipBad: read.boolean('WORKLOAD_SKIP_BAD', false),
    turns: read.integer('TURNS', 1, { min: 1, max: 1000 }),
    thinkTimeMs: read.durationMs('THINK_TIME', 0, { minMs: 0 }),
    abortOnFail: read.boolean('ABORT_ON_FAIL', false),
    abortDelayMs: read.durationMs('ABORT_DELAY', 10_000, { minMs: 0 }),
    profileSource,
    streamConcurrency,
    nonstreamConcurrency,
  };
}

/** Body fields the suite sets itself, and the knob that sets each. */
const EXTRA_BODY_RESERVED: Readonly<Record<string, string>> = {
  model: 'MODEL',
  messages: 'the prompt or WORKLOAD',
  stream: 'the scenario',
  stream_options: 'INCLUDE_USAGE',
  max_tokens: 'MAX_TOKENS or the workload',
  max_completion_tokens: 'MAX_TOKENS or the workload',
};

function readExtraBody(read: EnvReader): Readonly<Record<string, unknown>> | null {
  const text = read.raw('EXTRA_BODY');
  if (text === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    read.problem('EXTRA_BODY', text, 'a JSON object such as {"ignore_eos":true}');
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    read.problem('EXTRA_BODY', text, 'a JSON object such as {"ignore_eos":true}');
    return null;
  }
  const reserved = Object.keys(value).filter((key) => Object.hasOwn(EXTRA_BODY_RESERVED, key));
  if (reserved.length > 0) {
    read.problem(
      'EXTRA_BODY',
      text,
      `a JSON object without ${reserved.map((k) => `"${k}" (set by ${EXTRA_BODY_RESERVED[k]})`).join(', ')}`,
    );
    return null;
  }
  return value as Record<string, unknown>;
}

/**
 * A scenario has one load model: arrivals at a rate, or users back to back. A rate set to
 * more than 0 together with users for the same scenario is refused (0 still disables it).
 */
function refuseBothModels(
  read: EnvReader,
  prefix: 'STREAM' | 'NONSTREAM',
  scenario: string,
  ratePerSec: number,
  users: number | null,
): void {
  const rateVariable = `${prefix}_RPS`;
  const rateText = read.raw(rateVariable);
  if (users === null || rateText === undefined || ratePerSec === 0) return;
  const usersVariable = read.has(`${prefix}_CONCURRENCY`) ? `${prefix}_CONCURRENCY` : 'CONCURRENCY';
  read.problem(
    rateVariable,
    rateText,
    `unset (or 0 to disable ${scenario}) when ${usersVariable}=${users} runs ${scenario} as ` +
      `${users} users back to back: one scenario takes a rate or users, not both ` +
      `(${prefix === 'STREAM' ? 'NONSTREAM' : 'STREAM'}_CONCURRENCY or ${prefix}_CONCURRENCY give users to one scenario only)`,
  );
}
