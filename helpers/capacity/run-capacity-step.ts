import type { SuiteConfig } from '../config/suite-config.js';
import type { PromptFixture } from '../fixtures/prompt-fixture.js';
import { MetricStore, type TagValues } from '../metrics/metric-store.js';
import { sortFloat64 } from '../metrics/sorted-float64-array.js';
import { percentileOfSorted } from '../metrics/statistics.js';
import { storeWindow } from '../metrics/store-window.js';
import { runScenario } from '../scenario/run-scenario.js';
import type { ScenarioName } from '../scenario/scenario-name.js';
import { checkSla } from '../sla/check-sla.js';
import type { SaturationSignal } from './capacity-result.js';
import { judgeStep } from './judge-step.js';
import { saturationSignals } from './saturation-signals.js';
import type { StepMeasurement, StepRequest } from './search-capacity.js';
import { observeSegment } from './step-observation.js';

/** An SLA of a capacity spec: a selector already scoped to its scenario and prompt. */
export interface CapacitySla {
  selector: string;
  threshold: string;
}

/** Options of `createCapacityStepRunner`. */
export interface CapacityStepRunnerOptions {
  config: SuiteConfig;
  scenario: ScenarioName;
  prompt: PromptFixture;
  baseUrl: string;
  slas: readonly CapacitySla[];
  /** Stops the running step (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * The real step of the search: runs the scenario at a constant load for CAPACITY_STEP
 * (arrivals at a rate, or users), drops the first CAPACITY_WARMUP share from judgement (its
 * samples are still in the step's store), and judges every SLA on the judged samples of all
 * the step's segments so far, together with the saturation signals of each segment.
 */
export function createCapacityStepRunner(
  options: CapacityStepRunnerOptions,
): (request: StepRequest) => Promise<StepMeasurement> {
  const { config, scenario, prompt } = options;
  const scope: TagValues = { scenario, prompt: prompt.tag };
  let judged = new MetricStore();
  let judgedMs = 0;
  let ended = 0;
  let signals: SaturationSignal[] = [];

  return async (request) => {
    if (request.segment === 0) {
      judged = new MetricStore();
      judgedMs = 0;
      ended = 0;
      signals = [];
    }
    const stepMs = config.capacity.stepMs;
    const run = await runScenario({
      scenario,
      prompt,
      config: stepConfig(config, scenario, request),
      baseUrl: options.baseUrl,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const startEpochMs = run.arrivals.startEpochMs;
    const window = {
      fromEpochMs: startEpochMs + config.capacity.warmupShare * stepMs,
      toEpochMs: startEpochMs + stepMs,
    };
    judged.merge(storeWindow(run.store, window.fromEpochMs, window.toEpochMs));
    judgedMs += window.toEpochMs - window.fromEpochMs;
    const rate = request.model === 'rate' ? request.load : null;
    const observation = observeSegment(
      run.store,
      scope,
      window,
      rate,
      rate === null ? null : run.arrivals.achievedRatePerSec,
    );
    ended += observation.ended;
    for (const signal of saturationSignals(observation)) {
      if (!signals.some((s) => s.kind === signal.kind)) signals.push(signal);
    }
    const results = options.slas.map((sla) =>
      checkSla(judged, sla.selector, sla.threshold, {
        minSamples: config.sla.minSamples,
        durationMs: judgedMs,
      }),
    );
    const ok: TagValues = { ...scope, outcome: 'ok' };
    const p = (metric: string, pct: number) =>
      percentileOfSorted(sortFloat64(judged.select({ metric, tags: ok }).values), pct);
    const goodput = judged.select({ metric: 'llm_goodput', tags: scope }).values;
    return {
      ...judgeStep(results, signals),
      judgedMs,
      requests: judged.count({ metric: 'http_reqs', tags: scope }),
      throughputPerSec: throughput(request, judged, scope, ended, judgedMs),
      ttftP50Ms: p('llm_ttft_ms', 50),
      ttftP95Ms: p('llm_ttft_ms', 95),
      totalP50Ms: p('llm_total_ms', 50),
      totalP95Ms: p('llm_total_ms', 95),
      tpotP50Ms: p('llm_tpot_ms', 50),
      goodputShare:
        goodput.length === 0 ? null : goodput.reduce((a, v) => a + v, 0) / goodput.length,
    };
  };
}

/**
 * Requests/s the step achieved. Arrivals: requests that ended in the judged time per second.
 * Users: users / mean request time (Little's law), which does not jump by a whole request
 * with the window's edges as a count does (one user of 300 ms requests: 3.33, not 3.75).
 */
function throughput(
  request: StepRequest,
  judged: MetricStore,
  scope: TagValues,
  ended: number,
  judgedMs: number,
): number {
  if (request.model === 'users') {
    const totals = judged.select({ metric: 'llm_total_ms', tags: scope }).values;
    const meanMs = totals.reduce((a, v) => a + v, 0) / totals.length;
    if (totals.length > 0 && meanMs > 0) return (request.load * 1000) / meanMs;
  }
  return judgedMs > 0 ? ended / (judgedMs / 1000) : 0;
}

/**
 * The config of one step: the scenario at a constant load for CAPACITY_STEP (no ramps), as
 * arrivals at `load` requests/s or as `load` users; in-flight requests get at most
 * min(GRACEFUL_STOP, CAPACITY_STEP) after it.
 */
export function stepConfig(
  config: SuiteConfig,
  scenario: ScenarioName,
  request: Pick<StepRequest, 'model' | 'load'>,
): SuiteConfig {
  const rate = request.model === 'rate' ? request.load : 0;
  const users = request.model === 'users' ? request.load : null;
  const stream = scenario === 'chat_stream';
  return {
    ...config,
    load: {
      ...config.load,
      startRatePerSec: 0,
      rampUpMs: 0,
      holdMs: config.capacity.stepMs,
      rampDownMs: 0,
      profileSource: 'stage-knobs',
      gracefulStopMs: Math.min(config.load.gracefulStopMs, config.capacity.stepMs),
      streamRatePerSec: stream ? rate : config.load.streamRatePerSec,
      streamConcurrency: stream ? users : config.load.streamConcurrency,
      nonstreamRatePerSec: stream ? config.load.nonstreamRatePerSec : rate,
      nonstreamConcurrency: stream ? config.load.nonstreamConcurrency : users,
    },
  };
}
