import { createChatClient } from '../client/chat-client.js';
import type { Outcome } from '../client/outcome.js';
import type { RequestSample } from '../client/request-sample.js';
import { authHeaders } from '../config/secrets.js';
import { startAtProblem } from '../config/shards-config.js';
import { type SuiteConfig, startRateFor } from '../config/suite-config.js';
import type { PromptFixture } from '../fixtures/prompt-fixture.js';
import type { ArrivalRunResult, LoadProgress } from '../load/arrival-run-result.js';
import type { ArrivalSchedule } from '../load/arrival-schedule.js';
import { scheduleDurationMs } from '../load/arrival-schedule.js';
import type { Clock } from '../load/clock.js';
import { type ArrivalPlan, planArrivals } from '../load/plan-arrivals.js';
import { realClock } from '../load/real-clock.js';
import { type IterationContext, startArrivals } from '../load/run-arrivals.js';
import { startUsers, type UsersRunResult } from '../load/run-users.js';
import { shardArrivals } from '../load/shard-arrivals.js';
import { stagesFromProfile } from '../load/stages-from-profile.js';
import { MetricStore } from '../metrics/metric-store.js';
import {
  isFailedRequest,
  recordDroppedIteration,
  recordIteration,
  recordSample,
  recordVus,
} from '../metrics/record-sample.js';
import type { Workload } from '../workload/workload.js';
import { abortOnFailReason } from './abort-on-fail.js';
import { META_PROMPT_TAG, metaIteration } from './meta-iteration.js';
import {
  isStreamScenario,
  type ScenarioName,
  scenarioLoad,
  scenarioRate,
} from './scenario-name.js';
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
   * lag (null for a conversation's later turns and for users).
   */
  onSample?: (sample: RequestSample, scheduleLagMs: number | null) => void;
  /** Called with the outcome and status of every request, chat or meta (cheap work only). */
  onOutcome?: (outcome: Outcome, status: number | null) => void;
  /** Called about once a second with the live counters. */
  onProgress?: (progress: LoadProgress) => void;
  /** Injectable clock (tests). */
  clock?: Clock;
  /**
   * The stages to run instead of the profile from the config (k6's `stages` stated in code).
   * Not checked against the config's limits: the scheduler stays stoppable however fast it is.
   */
  schedule?: ArrivalSchedule;
}

/** What one scenario run did: the plan, the scheduler's account and every sample. */
export interface ScenarioRun {
  scenario: ScenarioName;
  prompt: string;
  targetRatePerSec: number;
  schedule: ArrivalSchedule;
  plan: ArrivalPlan;
  arrivals: ArrivalRunResult;
  /** Closed model (CONCURRENCY): users at once and iterations started; null for arrivals. */
  users: { vus: number; iterations: number } | null;
  store: MetricStore;
  /** Why ABORT_ON_FAIL stopped the scenario early; null when it ran its course. */
  abortReason: string | null;
}

/**
 * The schedule of a scenario from the config: the seed profile at the scenario's rate. A
 * closed-model scenario (users) keeps the stage durations at rate 0: it has no arrival plan.
 */
export function scenarioSchedule(config: SuiteConfig, scenario: ScenarioName): ArrivalSchedule {
  const { load } = config;
  const model = scenarioLoad(load, scenario);
  const targetRatePerSec = model.model === 'users' ? 0 : model.ratePerSec;
  return stagesFromProfile({
    targetRatePerSec,
    startRatePerSec: startRateFor(load, targetRatePerSec),
    rampUpMs: load.rampUpMs,
    holdMs: load.holdMs,
    rampDownMs: load.rampDownMs,
  });
}

/**
 * The full plan of a scenario and this process's share of it: the whole plan, or with
 * SHARD=i/N arrivals i, i + N, ... of it (docs/shards.md).
 */
export function scenarioPlan(
  config: SuiteConfig,
  scenario: ScenarioName,
): { full: ArrivalPlan; plan: ArrivalPlan } {
  const full = planArrivals(
    scenarioSchedule(config, scenario),
    config.load.arrivals === 'poisson'
      ? { kind: 'poisson', seed: config.load.seed }
      : { kind: 'even' },
  );
  const { shard } = config.shards;
  return { full, plan: shard === null ? full : shardArrivals(full, shard) };
}

/**
 * Runs one scenario x prompt: arrivals at the configured rate, one measured chat request per
 * arrival, every sample recorded with its schedule lag, dropped arrivals counted. Never
 * retries; a failed request is a sample with its outcome.
 */
export async function runScenario(options: RunScenarioOptions): Promise<ScenarioRun> {
  const { scenario, prompt, workload, config } = options;
  const meta = scenario === 'meta';
  if (!meta && prompt === undefined && workload === undefined) {
    throw new Error('runScenario needs a prompt or a workload');
  }
  const store = options.store ?? new MetricStore();
  const schedule = options.schedule ?? scenarioSchedule(config, scenario);
  // Stages stated in code are planned as they are; the config's plan is dealt out to shards.
  const plan =
    options.schedule === undefined
      ? scenarioPlan(config, scenario).plan
      : planArrivals(
          schedule,
          config.load.arrivals === 'poisson'
            ? { kind: 'poisson', seed: config.load.seed }
            : { kind: 'even' },
        );
  const { startAtEpochMs } = config.shards;
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
  const tags = {
    scenario,
    prompt: meta ? META_PROMPT_TAG : (workload?.tag ?? (prompt as PromptFixture).tag),
  };
  // ABORT_ON_FAIL: every finished request feeds the verdict, until it stops the run.
  let abortReason: string | null = null;
  let finished = 0;
  let failed = 0;
  let stopRun: ((reason: string) => void) | null = null;
  let runStartMs = 0;
  const clock = options.clock ?? realClock;
  const onOutcome = (outcome: Outcome, status: number | null): void => {
    options.onOutcome?.(outcome, status);
    if (!config.load.abortOnFail || abortReason !== null) return;
    finished += 1;
    // The rule of http_req_failed, whose SLA_FAILED_RATE this compares with.
    if (isFailedRequest(String(status ?? 0), outcome.kind)) failed += 1;
    abortReason = abortOnFailReason(finished, failed, clock.now() - runStartMs, {
      maxFailedRate: config.sla.maxFailedRate,
      minRequests: config.sla.minSamples,
      delayMs: config.load.abortDelayMs,
    });
    if (abortReason !== null) stopRun?.(abortReason);
  };
  const iterateMeta = meta
    ? metaIteration({
        config,
        baseUrl: options.baseUrl,
        store,
        onRequest: ({ sample }) => onOutcome(sample.outcome, sample.status),
      })
    : null;
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
          slo: config.slo,
          onSample: (sample, scheduleLagMs) => {
            options.onSample?.(sample, scheduleLagMs);
            onOutcome(sample.outcome, Number(sample.tags.status));
          },
        });

  const load = scenarioLoad(config.load, scenario);
  const iterateOnce = async (ctx: IterationContext): Promise<void> => {
    if (iterateMeta !== null) return iterateMeta.iterate(ctx);
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
    // Users have no schedule to be late for: no schedule_lag_ms in the closed model.
    const lagMs = load.model === 'users' ? null : ctx.scheduleLagMs;
    recordSample(store, sample, lagMs, config.slo);
    options.onSample?.(sample, lagMs);
    onOutcome(sample.outcome, Number(sample.tags.status));
  };
  const iterate = async (ctx: IterationContext): Promise<void> => {
    await iterateOnce(ctx);
    // k6 counts the iterations that ran to their end, not those the run's end cut short.
    if (!ctx.signal.aborted)
      recordIteration(store, tags, performance.timeOrigin + performance.now());
  };

  // START_AT: every shard's offsets count from the same instant. The wait is before the runner
  // starts (no progress before it); a late wake or start is schedule lag of the first arrivals.
  let startAtMs: number | undefined;
  if (startAtEpochMs !== null) {
    const clock = options.clock ?? realClock;
    const nowMs = clock.now();
    const problem = startAtProblem(startAtEpochMs, clock.toEpochMs(nowMs));
    if (problem !== null) {
      await client.close();
      await iterateMeta?.close();
      throw new Error(
        `START_AT ${new Date(startAtEpochMs).toISOString()} cannot start ${scenario}: ${problem.expected}; ${problem.note}`,
      );
    }
    startAtMs = nowMs + (startAtEpochMs - clock.toEpochMs(nowMs));
    await clock.sleepUntil(startAtMs, options.signal);
  }

  const common = {
    gracefulStopMs: config.load.gracefulStopMs,
    // Offsets count from START_AT itself, also when this process woke (or got there) late.
    ...(startAtMs === undefined ? {} : { startMs: startAtMs }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    iterate,
  };
  const run =
    load.model === 'users'
      ? startUsers({ ...common, users: load.users, durationMs: scheduleDurationMs(schedule) })
      : startArrivals({
          ...common,
          arrivals: plan,
          maxInFlight: config.load.maxVus,
          onDropped: () => {
            recordDroppedIteration(store, tags, performance.timeOrigin + performance.now());
          },
        });

  runStartMs = clock.now();
  stopRun = (reason) => run.stop(reason);

  // k6 emits vus and vus_max about once a second; here vus is the iterations in flight.
  const maxVus = load.model === 'users' ? load.users : config.load.maxVus;
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
      targetRatePerSec: load.model === 'users' ? 0 : scenarioRate(config.load, scenario).ratePerSec,
      schedule,
      plan,
      arrivals,
      users: load.model === 'users' ? usersOf(arrivals as UsersRunResult) : null,
      store,
      abortReason,
    };
  } finally {
    clearInterval(vusTimer);
    sampleVus();
    if (progressTimer) clearInterval(progressTimer);
    await client.close();
    await iterateMeta?.close();
  }
}

function usersOf(result: UsersRunResult): { vus: number; iterations: number } {
  return { vus: result.vus, iterations: result.iterations };
}
