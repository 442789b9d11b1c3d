import { createChatClient } from '../client/chat-client.js';
import type { RequestSample } from '../client/request-sample.js';
import { authHeaders } from '../config/secrets.js';
import type { SuiteConfig } from '../config/suite-config.js';
import type { PromptFixture } from '../fixtures/prompt-fixture.js';
import type { ArrivalRunResult, LoadProgress } from '../load/arrival-run-result.js';
import type { ArrivalSchedule } from '../load/arrival-schedule.js';
import type { Clock } from '../load/clock.js';
import { type ArrivalPlan, planArrivals } from '../load/plan-arrivals.js';
import { realClock } from '../load/real-clock.js';
import { type IterationContext, startArrivals } from '../load/run-arrivals.js';
import { stagesFromProfile } from '../load/stages-from-profile.js';
import { MetricStore } from '../metrics/metric-store.js';
import {
  recordDroppedIteration,
  recordIteration,
  recordSample,
  recordVus,
} from '../metrics/record-sample.js';
import type { Workload } from '../workload/workload.js';
import { isStreamScenario, type ScenarioName, scenarioRate } from './scenario-name.js';
import { workloadIteration } from './workload-iteration.js';

export interface RunScenarioOptions {
  scenario: ScenarioName;
  /** The prompt every request sends; unused when `workload` is given. */
  prompt?: PromptFixture;
  /** What to send instead of one prompt (WORKLOAD): its items, turns and `prompt` tag. */
  workload?: Workload;
  config: SuiteConfig;
  /** Where requests go: BASE or the embedded simulator. */
  baseUrl: string;
  /** Samples are recorded here; a new store by default. */
  store?: MetricStore;
  /** Stops the run early: no new arrivals, in-flight requests aborted. */
  signal?: AbortSignal;
  /**
   * Called with every sample right after it is recorded (cheap work only), and its schedule
   * lag (null for a conversation's later turns).
   */
  onSample?: (sample: RequestSample, scheduleLagMs: number | null) => void;
  /** Called about once a second with the live counters. */
  onProgress?: (progress: LoadProgress) => void;
  /** Injectable clock (tests). */
  clock?: Clock;
}

/** What one scenario run did: the plan, the scheduler's account and every sample. */
export interface ScenarioRun {
  scenario: ScenarioName;
  prompt: string;
  targetRatePerSec: number;
  schedule: ArrivalSchedule;
  plan: ArrivalPlan;
  arrivals: ArrivalRunResult;
  store: MetricStore;
}

/** The schedule of a scenario from the config: the seed profile at the scenario's rate. */
export function scenarioSchedule(config: SuiteConfig, scenario: ScenarioName): ArrivalSchedule {
  const { load } = config;
  return stagesFromProfile({
    targetRatePerSec: scenarioRate(load, scenario).ratePerSec,
    startRatePerSec: load.startRatePerSec,
    rampUpMs: load.rampUpMs,
    holdMs: load.holdMs,
    rampDownMs: load.rampDownMs,
  });
}

/**
 * Runs one scenario x prompt: arrivals at the configured rate, one measured chat request per
 * arrival, every sample recorded with its schedule lag, dropped arrivals counted. Never
 * retries; a failed request is a sample with its outcome.
 */
export async function runScenario(options: RunScenarioOptions): Promise<ScenarioRun> {
  const { scenario, prompt, workload, config } = options;
  if (prompt === undefined && workload === undefined) {
    throw new Error('runScenario needs a prompt or a workload');
  }
  const store = options.store ?? new MetricStore();
  const schedule = scenarioSchedule(config, scenario);
  const plan = planArrivals(
    schedule,
    config.load.arrivals === 'poisson'
      ? { kind: 'poisson', seed: config.load.seed }
      : { kind: 'even' },
  );
  const client = createChatClient({
    baseUrl: options.baseUrl,
    headers: authHeaders(config.target),
    connections: config.client.connections,
    timeouts: config.client.timeouts,
    includeUsage: config.client.includeUsage,
    insecureSkipTlsVerify: config.client.insecureSkipTlsVerify,
    proxy: config.client.proxy,
    // Multi-turn conversations send the server's answers back: only they keep the text.
    keepText: config.client.keepText || (workload !== undefined && workload.turns > 1),
  });
  const stream = isStreamScenario(scenario);
  const maxTokens = prompt?.maxTokens ?? config.load.maxTokens ?? undefined;
  const extraBody = config.client.extraBody;
  const tags = { scenario, prompt: workload?.tag ?? (prompt as PromptFixture).tag };
  // A workload run sends its items, and conversations when TURNS > 1 (workload-iteration.ts).
  const iterateWorkload =
    workload === undefined
      ? null
      : workloadIteration({
          workload,
          client,
          store,
          scenario,
          model: config.target.model,
          stream,
          extraBody,
          clock: options.clock ?? realClock,
          ...(options.onSample ? { onSample: options.onSample } : {}),
        });

  const run = startArrivals({
    arrivals: plan,
    maxInFlight: config.load.maxVus,
    gracefulStopMs: config.load.gracefulStopMs,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    iterate: async (ctx) => {
      await iterateOnce(ctx);
      // k6 counts the iterations that ran to their end, not those the run's end cut short.
      if (!ctx.signal.aborted)
        recordIteration(store, tags, performance.timeOrigin + performance.now());
    },
    onDropped: () => {
      recordDroppedIteration(store, tags, performance.timeOrigin + performance.now());
    },
  });

  // k6 emits vus and vus_max about once a second; here vus is the iterations in flight.
  const maxVus = config.load.maxVus;
  const sampleVus = () =>
    recordVus(
      store,
      tags,
      run.progress().inFlight,
      maxVus,
      performance.timeOrigin + performance.now(),
    );
  sampleVus();
  const vusTimer = setInterval(sampleVus, 1000);
  vusTimer.unref();

  async function iterateOnce(ctx: IterationContext): Promise<void> {
    if (iterateWorkload !== null) return iterateWorkload(ctx);
    const sample = await client.send({
      model: config.target.model,
      messages: (prompt as PromptFixture).messages,
      stream,
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      ...(extraBody !== null ? { extraBody } : {}),
      tags,
      signal: ctx.signal,
    });
    recordSample(store, sample, ctx.scheduleLagMs);
    options.onSample?.(sample, ctx.scheduleLagMs);
  }

  const progressTimer =
    options.onProgress === undefined
      ? undefined
      : setInterval(() => options.onProgress?.(run.progress()), 1000);
  progressTimer?.unref();
  try {
    const arrivals = await run.result;
    options.onProgress?.(run.progress());
    return {
      scenario,
      prompt: tags.prompt,
      targetRatePerSec: scenarioRate(config.load, scenario).ratePerSec,
      schedule,
      plan,
      arrivals,
      store,
    };
  } finally {
    clearInterval(vusTimer);
    sampleVus();
    if (progressTimer) clearInterval(progressTimer);
    await client.close();
  }
}
