import type { ConfigProblem } from './env-reader.js';
import { EnvReader } from './env-reader.js';

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
}

/** Arrival-rate profile of each load scenario. */
export interface LoadConfig {
  /** `NONSTREAM_RPS`: target arrival rate of the non-stream scenario, requests/s; 0 disables. */
  nonstreamRatePerSec: number;
  /** `STREAM_RPS`: target arrival rate of the stream scenario, requests/s; 0 disables. */
  streamRatePerSec: number;
  /** `DURATION_MIN`: total minutes of the seed profile (ramp up 1m, hold, ramp down 1m). */
  durationMin: number;
  /** `START_RATE`: arrival rate at the start of the ramp up, requests/s. */
  startRatePerSec: number;
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
  /** `SEED`: seed of the Poisson arrivals. */
  seed: number;
  /** `MAX_TOKENS`: `max_tokens` sent with every request; `null` sends none. */
  maxTokens: number | null;
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
  timeouts: TimeoutsConfig;
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
}

export type ConfigResult =
  | { ok: true; config: SuiteConfig }
  | { ok: false; problems: ConfigProblem[] };

const MINUTE_MS = 60_000;

/** The short profile used against the embedded simulator unless stage knobs are set. */
export const SIMULATOR_PROFILE = { rampUpMs: 5_000, holdMs: 20_000, rampDownMs: 5_000 } as const;

/**
 * Reads and validates every knob at once. Unset or empty variables take their defaults.
 * Problems are collected, never thrown one by one; secrets never appear in a problem.
 */
export function readSuiteConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const read = new EnvReader(env);

  const target = readTarget(read);
  const load = readLoad(read, target.baseUrl === null);
  const client: ClientConfig = {
    connections: read.integer('CONNECTIONS', Math.max(load.maxVus, 1), { min: 1 }),
    includeUsage: read.boolean('INCLUDE_USAGE', true),
    keepText: read.boolean('KEEP_TEXT', false),
    timeouts: {
      connectMs: read.durationMs('CONNECT_TIMEOUT', 10_000, { minMs: 1 }),
      headersMs: read.durationMs('HEADERS_TIMEOUT', 120_000, { minMs: 1 }),
      firstTokenMs: read.durationMs('FIRST_TOKEN_TIMEOUT', 120_000, { minMs: 1 }),
      idleMs: read.durationMs('IDLE_TIMEOUT', 60_000, { minMs: 1 }),
      totalMs: read.durationMs('REQUEST_TIMEOUT', 600_000, { minMs: 1 }),
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
    maxDroppedIterations: read.integer('SLA_MAX_DROPPED', 0, { min: 0 }),
    minSamples: read.integer('MIN_SAMPLES', 10, { min: 1 }),
  };
  const report: ReportConfig = {
    resultsDir: read.string('RESULTS_DIR', 'results'),
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

  if (read.problems.length > 0) return { ok: false, problems: read.problems };
  return { ok: true, config: { target, load, client, sla, report, slo, capacity } };
}

function readTarget(read: EnvReader): TargetConfig {
  return {
    baseUrl: readBaseUrl(read),
    model: read.string('MODEL', 'jan-v1-4b'),
    apiKey: read.optionalString('API_KEY'),
    loadTestToken: read.optionalString('LOADTEST_TOKEN'),
    skipVersionCheck: read.boolean('SKIP_VERSION_CHECK', false),
  };
}

function readBaseUrl(read: EnvReader): string | null {
  const text = read.raw('BASE');
  if (text === undefined) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    read.problem('BASE', text, 'an http:// or https:// URL such as http://127.0.0.1:8000');
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    read.problem('BASE', text, 'an http:// or https:// URL such as http://127.0.0.1:8000');
    return null;
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo credentials: show the URL without them.
    url.username = '';
    url.password = '';
    read.problem(
      'BASE',
      `${url.toString()} (with credentials, not shown)`,
      'a URL without user:password; pass the key in API_KEY',
    );
    return null;
  }
  if (url.search !== '' || url.hash !== '') {
    read.problem(
      'BASE',
      `${url.origin}${url.pathname} (with a query or fragment, not shown)`,
      'a URL without ?query or #fragment; pass keys in API_KEY or LOADTEST_TOKEN',
    );
    return null;
  }
  return url.toString().replace(/\/+$/, '');
}

function readLoad(read: EnvReader, simulator: boolean): LoadConfig {
  const durationMin = read.number('DURATION_MIN', 5, { min: 0 });
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

  const nonstreamRatePerSec = read.number('NONSTREAM_RPS', 2, { min: 0 });
  const streamRatePerSec = read.number('STREAM_RPS', 1, { min: 0 });
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
    startRatePerSec: read.number('START_RATE', 0, { min: 0 }),
    ...stages,
    gracefulStopMs: read.durationMs('GRACEFUL_STOP', 30_000, { minMs: 0 }),
    maxVus: read.integer('MAX_VUS', 200, { min: 1 }),
    arrivals: read.oneOf('ARRIVALS', ['even', 'poisson'] as const, 'even'),
    seed: read.integer('SEED', 1, { min: 0 }),
    maxTokens: read.optionalInteger('MAX_TOKENS', { min: 1 }),
    profileSource,
    streamConcurrency,
    nonstreamConcurrency,
  };
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
