import { ConfigError } from '../../helpers/config/config-error.js';
import { readSuiteConfig } from '../../helpers/config/suite-config.js';
import type { PromptFixture } from '../../helpers/fixtures/prompt-fixture.js';
import type { ArrivalRunResult } from '../../helpers/load/arrival-run-result.js';
import { createRealClock } from '../../helpers/load/real-clock.js';
import type { MetricStore } from '../../helpers/metrics/metric-store.js';
import { runScenario } from '../../helpers/scenario/run-scenario.js';
import type { BenchCase, BenchRow, CaseReport, JsonValue } from '../bench-case.js';
import { startChildServer } from '../child-server.js';
import { formatFigure } from '../format-bench-table.js';
import { checkGoal, type GoalCheck } from '../goal-check.js';
import { cpuPercent, loadAverage1m, processCpuMs } from '../machine-load.js';
import { BENCH_MODEL, zeroDelaySimulator } from '../zero-delay-simulator.js';

const RATES_PER_SEC = [50, 200, 1000] as const;
const MODEL = BENCH_MODEL;
const MAX_IN_FLIGHT = 200;
/** Rate error allowed at every rate, percent. */
const RATE_ERROR_GOAL_PCT = 1;
/** Schedule lag p99 allowed at 200 req/s, ms. */
const LAG_P99_GOAL_MS = 2;

/** Tiny answers at once: every request is one token, no simulated delay. */
const SIMULATOR_OPTIONS = zeroDelaySimulator({ slots: 1024 });

/**
 * Pacing through the real path: runScenario (arrival scheduler -> chat client -> metric
 * store), at 50, 200 and 1000 req/s of non-stream one-token requests.
 */
export const pacingCase: BenchCase = {
  name: 'pacing',
  title: 'achieved rate and schedule lag of scheduler + client + store at 50/200/1000 req/s',
  async run({ mode, log }): Promise<CaseReport> {
    const durationMs = mode === 'quick' ? 2000 : 20_000;
    const server = await startChildServer('simulator', SIMULATOR_OPTIONS);
    const figures: { [key: string]: JsonValue } = {
      durationMsPerRate: durationMs,
      maxInFlight: MAX_IN_FLIGHT,
      arrivals: 'even',
      request: 'non-stream, max_tokens 1, simulator with zero delays (separate process)',
    };
    const rows: BenchRow[] = [];
    const goals: GoalCheck[] = [];
    const notes: string[] = [];
    try {
      // Warm-up: JIT and keep-alive connections on both sides, not measured.
      await runRate(server.url, 200, 1000);
      for (const ratePerSec of RATES_PER_SEC) {
        log(`pacing: ${ratePerSec} req/s for ${durationMs / 1000} s`);
        const loadBefore = loadAverage1m();
        const serverCpuBefore = await server.cpuMs();
        const run = await runRate(server.url, ratePerSec, durationMs);
        const serverCpuMs = (await server.cpuMs()) - serverCpuBefore;
        const { result, store, cpuMs } = run;
        const lag = result.scheduleLagMs;
        const rateErrorPct = (result.achievedRatePerSec / ratePerSec - 1) * 100;
        const ok = store.count({ metric: 'http_req_failed', tags: { outcome: 'ok' } });
        const failed = result.started - ok;
        figures[`rate${ratePerSec}`] = {
          targetRatePerSec: ratePerSec,
          achievedRatePerSec: result.achievedRatePerSec,
          rateErrorPct,
          scheduled: result.scheduled,
          started: result.started,
          dropped: result.dropped,
          okRequests: ok,
          failedRequests: failed,
          lagP50Ms: lag.p50Ms,
          lagP90Ms: lag.p90Ms,
          lagP99Ms: lag.p99Ms,
          lagMaxMs: lag.maxMs,
          benchCpuPct: cpuPercent(cpuMs, result.durationMs),
          serverCpuPct: cpuPercent(serverCpuMs, result.durationMs),
          loadAverage1m: loadBefore,
        };
        rows.push(
          {
            label: `${ratePerSec} req/s: achieved rate`,
            value: `${result.achievedRatePerSec.toFixed(2)}/s (${signed(rateErrorPct)} %), ${result.started} started, ${result.dropped} dropped, ${failed} failed`,
          },
          {
            label: `${ratePerSec} req/s: schedule lag p50 / p99 / max`,
            value: `${formatFigure(lag.p50Ms)} / ${formatFigure(lag.p99Ms)} / ${formatFigure(lag.maxMs)} ms`,
          },
          {
            label: `${ratePerSec} req/s: CPU bench / server`,
            value: `${cpuPercent(cpuMs, result.durationMs).toFixed(0)} % / ${cpuPercent(serverCpuMs, result.durationMs).toFixed(0)} % of a core`,
          },
        );
        goals.push(
          checkGoal({
            id: `pacing.rate-error.${ratePerSec}`,
            description: `achieved rate within ${RATE_ERROR_GOAL_PCT} % of ${ratePerSec} req/s`,
            actual: Math.abs(rateErrorPct),
            op: '<=',
            limit: RATE_ERROR_GOAL_PCT,
            unit: '%',
          }),
        );
        if (ratePerSec === 200) {
          goals.push(
            checkGoal({
              id: 'pacing.lag-p99.200',
              description: 'schedule lag p99 at 200 req/s',
              actual: lag.p99Ms,
              op: '<',
              limit: LAG_P99_GOAL_MS,
              unit: 'ms',
            }),
          );
        }
        if (failed > 0)
          notes.push(`${failed} of ${result.started} requests at ${ratePerSec} req/s failed`);
        if (result.dropped > 0) {
          notes.push(
            `${result.dropped} arrivals dropped at ${ratePerSec} req/s (${MAX_IN_FLIGHT} in flight)`,
          );
        }
      }
    } finally {
      await server.close();
    }
    return { figures, rows, goals, notes };
  },
};

interface RateRun {
  result: ArrivalRunResult;
  store: MetricStore;
  /** CPU time of this process over the run, ms. */
  cpuMs: number;
}

const TINY_PROMPT: PromptFixture = {
  tag: 'tiny',
  description: 'one short user message; max_tokens 1',
  messages: [{ role: 'user', content: 'Say hi' }],
  maxTokens: 1,
};

/** One constant-rate run through runScenario itself: the path a load spec takes. */
async function runRate(baseUrl: string, ratePerSec: number, durationMs: number): Promise<RateRun> {
  const result = readSuiteConfig({
    BASE: baseUrl,
    MODEL,
    NONSTREAM_RPS: String(ratePerSec),
    HOLD: `${durationMs}ms`,
    MAX_VUS: String(MAX_IN_FLIGHT),
    GRACEFUL_STOP: '5s',
    REQUEST_TIMEOUT: '10s',
  });
  if (!result.ok) throw new ConfigError(result.problems);
  const cpuBefore = processCpuMs();
  const run = await runScenario({
    scenario: 'chat_nonstream',
    prompt: TINY_PROMPT,
    config: result.config,
    baseUrl,
    // A fresh clock per rate, as a fresh scenario process would have.
    clock: createRealClock(),
  });
  return { result: run.arrivals, store: run.store, cpuMs: processCpuMs() - cpuBefore };
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
}
