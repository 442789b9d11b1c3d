import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, type TestContext } from 'vitest';
import { createSecretRedactor } from '../client/secret-redactor.js';
import { ConfigError } from '../config/config-error.js';
import { expandGlobs } from '../config/expand-globs.js';
import { loadEnvironment } from '../config/load-environment.js';
import { secretValues } from '../config/secrets.js';
import type { Shard } from '../config/shards-config.js';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { loadPromptFixture } from '../fixtures/prompt-fixture.js';
import type { LoadProgress } from '../load/arrival-run-result.js';
import { type ArrivalSchedule, scheduleDurationMs } from '../load/arrival-schedule.js';
import { MetricStore } from '../metrics/metric-store.js';
import { BaselineError, readBaselineFile } from '../report/baseline-file.js';
import {
  type BaselineComparison,
  compareWithBaseline,
  currentBaselineFigures,
} from '../report/compare-baseline.js';
import {
  formatBaselineComparison,
  formatBaselineRow,
  formatTolerance,
} from '../report/format-baseline-comparison.js';
import { createLiveScenarioStats } from '../report/live-scenario-stats.js';
import { RequestsFileWriter, requestsFileName } from '../samples-file/requests-file.js';
import { SamplesFileWriter } from '../samples-file/samples-file-writer.js';
import { attachSlaResult } from '../sla/attach-sla-result.js';
import { checkSla, type SlaResult } from '../sla/check-sla.js';
import { registerSlaMatchers } from '../sla/sla-matchers.js';
import { smokeGate } from '../smoke/smoke-gate.js';
import { endOrphan, parentGoneSignal } from '../vitest/orphan-guard.js';
import { providedRunId } from '../vitest/run-id.js';
import { providedTarget } from '../vitest/target.js';
import { loadWorkload } from '../workload/load-workload.js';
import type { LoadedWorkload } from '../workload/workload.js';
import { workloadName } from '../workload/workload-source.js';
import { formatSlaAnnotation } from './format-sla-annotation.js';
import { mergeShards } from './merge-shards.js';
import { META_PROMPT_TAG } from './meta-iteration.js';
import { prepareWorkload } from './prepare-workload.js';
import { runKnobs } from './run-knobs.js';
import { runScenario, type ScenarioRun, scenarioPlan, scenarioSchedule } from './run-scenario.js';
import { type ScenarioName, scenarioLoad, scenarioRate } from './scenario-name.js';
import {
  type ArrivalsSummary,
  PARTS_DIR_NAME,
  type ScenarioPart,
  type ScenarioProgressFile,
  SHARD_SKIP_REASON,
  samplesFileName,
  scenarioPartFile,
  scenarioProgressFile,
  writeScenarioPart,
} from './scenario-part.js';
import { formatServerErrors, ServerErrorDigest, type ServerErrors } from './server-error-digest.js';
import { unfinishedRunReason } from './unfinished-run.js';

export interface LoadScenarioSpec {
  scenario: ScenarioName;
  /** Prompt fixture tag: `fixtures/prompts/<prompt>.json`; unused with `workload`. */
  prompt?: string;
  /** Send what WORKLOAD describes instead of one prompt (specs/workload); skipped when unset. */
  workload?: boolean;
  /** Stages stated in code instead of the environment's profile (see `RunScenarioOptions`). */
  schedule?: ArrivalSchedule;
}

/** What a load spec uses: the config, and SLA checks scoped to its scenario and prompt. */
export interface LoadScenario {
  readonly config: SuiteConfig;
  /** Name of the baseline test: `no regression against the baseline (tolerance 10%)`. */
  readonly baselineTestName: string;
  /** The selector scoped to this scenario and prompt: `llm_ttft_ms{status:200}` -> `llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}`. */
  selector(selector: string): string;
  /**
   * Checks a k6 threshold on this scenario's samples, puts the result on the test (meta and a
   * JUnit property) and fails the test with the full report when it does not pass. Skips, with
   * the reason, when the scenario's rate is 0.
   */
  expectThreshold(context: TestContext, selector: string, threshold: string): Promise<void>;
  /**
   * Compares this scenario's p95 TTFT, total, TTFB, ITL and TPOT and its median tokens/s
   * (successful requests) with the BASELINE summary; fails, showing both values and the allowed
   * bound, when one is worse beyond REGRESSION_TOLERANCE. Skips, with the reason, when BASELINE
   * is unset or the scenario's rate is 0; fails clearly when the file is missing or bad.
   */
  expectNoRegression(context: TestContext): Promise<void>;
}

/**
 * Registers the run of one scenario x prompt for the spec file that calls it: `beforeAll`
 * runs the load (the whole profile), the tests judge the samples, `afterAll` leaves the
 * results for the reporters under RESULTS_DIR. A rate of 0 skips every test with the reason.
 */
export function useLoadScenario(spec: LoadScenarioSpec): LoadScenario {
  registerSlaMatchers();
  const result = readSuiteConfig(loadEnvironment());
  if (!result.ok) throw new ConfigError(result.problems);
  const { config } = result;
  const { ratePerSec, variable } = scenarioRate(config.load, spec.scenario);
  const meta = spec.scenario === 'meta';
  if (!meta && spec.workload !== true && spec.prompt === undefined) {
    throw new Error('useLoadScenario needs a prompt fixture tag, or workload: true');
  }
  const workloadSpec = spec.workload === true ? readWorkload(config) : null;
  const promptTag = meta ? META_PROMPT_TAG : (workloadSpec?.tag ?? (spec.prompt as string));
  const skipReason =
    workloadSpec !== null && workloadSpec.loaded === null
      ? WORKLOAD_UNSET
      : ratePerSec === 0
        ? `${variable}=0 disables the ${spec.scenario} scenario`
        : null;
  const scope = `scenario:${spec.scenario},prompt:${promptTag}`;
  const slaResults: SlaResult[] = [];
  // Set when a smoke check failed: the load did not start (LOAD_DESPITE_SMOKE=1 lifts it).
  let smokeSkipReason: string | null = null;
  const serverErrors = new ServerErrorDigest();
  let run: ScenarioRun | null = null;
  // What the SLA tests judge: this run's samples, or (MERGE_FROM) the union of the shards'.
  let judged: { store: MetricStore; scheduleDurationMs: number } | null = null;
  const { shard, mergeFrom } = config.shards;
  // A shard's p95 is not the run's: its SLA tests are skipped, the merge judges them.
  const judgeSkipReason = shard === null ? null : SHARD_SKIP_REASON;
  let part: ScenarioPart | null = null;
  let baseline: BaselineComparison | null = null;
  const tolerance = config.report.regressionTolerance;
  const schedule = spec.schedule ?? scenarioSchedule(config, spec.scenario);
  // A worker whose Vitest main process is gone stops its run, saves it and ends.
  const parentGone = parentGoneSignal();
  // Set when the run stopped before the end of its profile: its SLAs are then not judged.
  let notJudgedReason: string | null = null;

  const liveStats = createLiveScenarioStats();
  const progressFile = (
    state: ScenarioPart['state'],
    progress: LoadProgress | null,
    store: MetricStore | null,
  ): ScenarioProgressFile => ({
    format: 'scenario-progress',
    version: 1,
    scenario: spec.scenario,
    prompt: promptTag,
    pid: process.pid,
    state,
    startedEpochMs: part?.startedEpochMs ?? Date.now(),
    updatedEpochMs: Date.now(),
    scheduleDurationMs: scheduleDurationMs(schedule),
    progress,
    live: store === null ? null : liveStats(store),
  });
  const partFile = scenarioPartFile(config.report.resultsDir, spec.scenario, promptTag);
  const progressJson = scenarioProgressFile(config.report.resultsDir, spec.scenario, promptTag);
  const writePart = (
    update: Partial<ScenarioPart>,
    when: 'now' | 'in-background' = 'now',
  ): void => {
    if (part === null) return;
    part = { ...part, ...update, updatedEpochMs: Date.now() };
    if (when === 'now') partFile.write(part);
    else partFile.writeInBackground(part);
  };

  beforeAll(async () => {
    // Nothing to report without a workload: its tests say why they are skipped.
    if (skipReason === WORKLOAD_UNSET) return;
    if (mergeFrom !== null) {
      if (skipReason !== null) return;
      const merged = mergeFromShards(config, spec.scenario, promptTag, mergeFrom, slaResults);
      judged = merged;
      part = merged.part;
      return;
    }
    const target = providedTarget();
    const prompt = workloadSpec === null && !meta ? loadPromptFixture(promptTag) : undefined;
    if (skipReason === null && !config.target.loadDespiteSmoke) {
      const gate = await smokeGate({ config, baseUrl: target.baseUrl, runId: providedRunId() });
      if (!gate.ok) smokeSkipReason = gate.reason;
    }
    const partSkipReason = skipReason ?? smokeSkipReason;
    part = {
      format: 'scenario-part',
      version: 1,
      scenario: spec.scenario,
      prompt: promptTag,
      state: partSkipReason === null ? 'running' : 'skipped',
      ...(partSkipReason === null ? {} : { skipReason: partSkipReason }),
      model: config.target.model,
      baseUrl: target.baseUrl,
      simulated: target.simulated,
      targetRatePerSec: scenarioLoad(config.load, spec.scenario).model === 'users' ? 0 : ratePerSec,
      schedule,
      arrivalPattern: config.load.arrivals,
      maxVus: config.load.maxVus,
      users: usersOf(scenarioLoad(config.load, spec.scenario)),
      startedEpochMs: Date.now(),
      updatedEpochMs: Date.now(),
      progress: null,
      arrivals: null,
      samplesFile: null,
      slaResults,
      baseline: null,
      ...(shard === null ? {} : shardFields(config, spec.scenario, target)),
    };
    partFile.write(part);
    progressJson.write(progressFile(part.state, null, null));
    if (partSkipReason !== null) return;

    const store = new MetricStore();
    // The samples go to an append-only file, flushed with each progress tick (about 1 s):
    // a worker killed hard leaves everything up to its last flush.
    const samplesFile = samplesFileName(spec.scenario, promptTag);
    const { progress: _p, arrivals: _a, slaResults: _s, baseline: _b, ...description } = part;
    let samples: SamplesFileWriter | null = null;
    try {
      samples = SamplesFileWriter.create(
        join(config.report.resultsDir, PARTS_DIR_NAME, samplesFile),
        { ...description, samplesFile },
      );
      writePart({ samplesFile });
    } catch (error) {
      writePart({ samplesError: `samples file ${samplesFile}: ${(error as Error).message}` });
    }
    // One line per request, appended with each flush like the samples (requests.jsonl).
    const requestsFile = requestsFileName(spec.scenario, promptTag);
    let requests: RequestsFileWriter | null = null;
    try {
      requests = new RequestsFileWriter(
        join(config.report.resultsDir, PARTS_DIR_NAME, requestsFile),
        createSecretRedactor(secretValues(config.target)),
      );
    } catch (error) {
      writePart({ samplesError: `requests file ${requestsFile}: ${(error as Error).message}` });
    }
    // While the run goes, flushes write off the event loop (arrivals and chunk stamps never
    // wait for the disk); the last one, after `settled()`, writes on the spot and closes.
    const flushRequests = (end: boolean): void => {
      if (requests === null) return;
      try {
        if (end) requests.close();
        else requests.flushInBackground();
      } catch (error) {
        closeQuietly(requests);
        requests = null;
        writePart({ samplesError: `requests file ${requestsFile}: ${(error as Error).message}` });
      }
    };
    // A failing disk must not stop the run: say so in the part and stop writing samples.
    const flushSamples = (end: ScenarioPart['state'] | null): void => {
      flushRequests(end !== null);
      if (samples === null) return;
      try {
        if (end === null) samples.flushInBackground(store);
        else {
          samples.end(store, end);
          samples.close();
        }
      } catch (error) {
        const message = `samples file ${samplesFile}: ${(error as Error).message}`;
        closeQuietly(samples);
        samples = null;
        writePart({ samplesError: message });
      }
    };
    const stop = new AbortController();
    // `on`, not `once`: a terminal's Ctrl-C reaches this worker and the reporter forwards it
    // again; a second SIGINT without a listener would kill the worker before it saves.
    const onSignal = (signal: NodeJS.Signals) => {
      if (!stop.signal.aborted) stop.abort(new Error(`run interrupted by ${signal}`));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const onParentGone = () => {
      if (!stop.signal.aborted) stop.abort(parentGone.reason);
    };
    if (parentGone.aborted) onParentGone();
    else parentGone.addEventListener('abort', onParentGone, { once: true });
    const tokenSources: Record<string, number> = {};
    let lastProgress: LoadProgress | null = null;
    const save = (progress: LoadProgress) => {
      lastProgress = progress;
      if (part === null) return;
      flushSamples(null);
      // Off the event loop: renaming over a file can block for milliseconds (ext4 writes the
      // new data back first), and this runs while arrivals start and chunks are stamped.
      writePart({ progress, tokenSources, serverErrors: serverErrors.result() }, 'in-background');
      progressJson.writeInBackground(progressFile('running', progress, store));
    };
    try {
      const workload =
        workloadSpec?.loaded == null
          ? undefined
          : await prepareWorkload(workloadSpec.loaded, config, target.baseUrl);
      if (workload !== undefined) writePart({ workload: workload.report });
      run = await runScenario({
        scenario: spec.scenario,
        ...(prompt === undefined ? {} : { prompt }),
        ...(workload === undefined ? {} : { workload }),
        config,
        baseUrl: target.baseUrl,
        store,
        // Only stages stated in code; the config's own are planned (and dealt out to shards) there.
        ...(spec.schedule === undefined ? {} : { schedule: spec.schedule }),
        signal: stop.signal,
        onSample: (sample, scheduleLagMs) => {
          const source = sample.tokenSource ?? 'none';
          tokenSources[source] = (tokenSources[source] ?? 0) + 1;
          requests?.add(sample, scheduleLagMs);
        },
        onOutcome: (outcome, status) => serverErrors.add(outcome, status),
        onProgress: save,
      });
      judged = { store: run.store, scheduleDurationMs: run.arrivals.scheduleDurationMs };
    } finally {
      const state = stop.signal.aborted ? 'interrupted' : 'done';
      const progress = run === null ? lastProgress : finalProgress(run);
      // The last word: no background write of the run may land after it.
      await requests?.settled();
      await samples?.settled();
      flushSamples(state);
      await partFile.settled();
      await progressJson.settled();
      // ABORT_ON_FAIL stopped it on purpose: a hopeless run is judged (and fails), as in k6.
      notJudgedReason =
        run === null || run.abortReason !== null
          ? null
          : unfinishedRunReason(run.arrivals, run.plan);
      writePart({
        state,
        progress,
        arrivals: run === null ? null : summarizeArrivals(run),
        tokenSources,
        ...(run?.users ? { users: run.users } : {}),
        ...(notJudgedReason === null ? {} : { notJudgedReason }),
        serverErrors: serverErrors.result(),
        ...(run?.abortReason == null ? {} : { abortReason: run.abortReason }),
      });
      // The progress file last: the reporter waits for it to leave 'running' after Ctrl-C.
      progressJson.write(progressFile(state, progress, store));
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      parentGone.removeEventListener('abort', onParentGone);
      // Saved; nobody is left to judge or report it.
      if (parentGone.aborted) endOrphan();
    }
  });

  afterAll(() => {
    writePart({ slaResults, baseline });
  });

  const selector = (text: string): string => {
    const brace = text.indexOf('{');
    if (brace === -1) return `${text.trim()}{${scope}}`;
    const inner = text.slice(brace + 1).trim();
    return `${text.slice(0, brace).trim()}{${scope}${inner === '}' ? '}' : `,${inner}`}`;
  };

  return {
    config,
    baselineTestName: `no regression against the baseline (tolerance ${formatTolerance(tolerance)})`,
    selector,
    async expectThreshold(context, selectorText, threshold) {
      if (skipReason !== null) context.skip(skipReason);
      if (smokeSkipReason !== null) context.skip(smokeSkipReason);
      if (judgeSkipReason !== null) context.skip(judgeSkipReason);
      if (judged === null) expect.fail('the scenario did not run: see the error of beforeAll');
      if (notJudgedReason !== null) expect.fail(`${notJudgedReason}: not judged`);
      const sla = checkSla(judged.store, selector(selectorText), threshold, {
        minSamples: config.sla.minSamples,
        durationMs: judged.scheduleDurationMs,
      });
      slaResults.push(sla);
      attachSlaResult(context.task, sla);
      // Assert before the first await, so the failure's stack still holds the spec's line.
      const annotation = context.annotate(formatSlaAnnotation(sla), 'sla');
      try {
        expect(sla).toPassSla();
      } catch (error) {
        // The server's own words, and why the run stopped early, under the measured figures.
        const extra = failureContext(serverErrors.result(), run?.abortReason ?? null);
        if (extra !== '' && error instanceof Error) error.message += extra;
        throw error;
      } finally {
        await annotation;
      }
    },
    async expectNoRegression(context) {
      if (skipReason !== null) context.skip(skipReason);
      if (smokeSkipReason !== null) context.skip(smokeSkipReason);
      if (judgeSkipReason !== null) context.skip(judgeSkipReason);
      const baselinePath = config.report.baselinePath;
      if (baselinePath === null) {
        context.skip('BASELINE is not set: set BASELINE=<path> to compare with a saved run');
        return;
      }
      if (judged === null) expect.fail('the scenario did not run: see the error of beforeAll');
      if (notJudgedReason !== null) expect.fail(`${notJudgedReason}: not judged`);
      let file: ReturnType<typeof readBaselineFile>;
      try {
        file = readBaselineFile(baselinePath);
      } catch (error) {
        if (error instanceof BaselineError) expect.fail(error.message);
        throw error;
      }
      baseline = compareWithBaseline(
        currentBaselineFigures(judged.store, spec.scenario, promptTag),
        file.metrics,
        { baselinePath, scenario: spec.scenario, prompt: promptTag, tolerance },
      );
      for (const row of baseline.rows) {
        if (row.status !== 'not-applicable')
          await context.annotate(formatBaselineRow(row), 'baseline');
      }
      if (baseline.problem !== null) await context.annotate(`FAIL ${baseline.problem}`, 'baseline');
      if (baseline.status === 'fail') expect.fail(formatBaselineComparison(baseline));
    },
  };
}

/** What a shard's part and samples file say about it: its share and the knobs it ran with. */
function shardFields(
  config: SuiteConfig,
  scenario: ScenarioName,
  target: { baseUrl: string; simulated: boolean },
): Pick<ScenarioPart, 'shard' | 'runKnobs'> {
  const shard = config.shards.shard as Shard;
  const plans = scenarioPlan(config, scenario);
  return {
    shard: {
      index: shard.index,
      count: shard.count,
      startAtEpochMs: config.shards.startAtEpochMs,
      fullPlanArrivals: plans.full.expectedCount,
      shardPlanArrivals: plans.plan.expectedCount,
    },
    runKnobs: runKnobs(config, scenario, target),
  };
}

/**
 * MERGE_FROM: reads the shards' samples of this scenario x prompt into a new store instead of
 * running load, and leaves a part and a samples file of the union under RESULTS_DIR so the
 * reports are those of one run. Throws, before any sample is read, when the shards are not
 * one run (the message names the difference) or one is missing without MERGE_ALLOW_MISSING.
 */
function mergeFromShards(
  config: SuiteConfig,
  scenario: ScenarioName,
  promptTag: string,
  patterns: readonly string[],
  slaResults: SlaResult[],
): { store: MetricStore; scheduleDurationMs: number; part: ScenarioPart } {
  const { dirs, unmatched } = expandGlobs(patterns, process.cwd());
  if (unmatched.length > 0) {
    throw new Error(
      `MERGE_FROM: ${unmatched.map((p) => JSON.stringify(p)).join(', ')} matched no folder (from ${process.cwd()}); give the shards' RESULTS_DIR folders, globs allowed (results/shard-*)`,
    );
  }
  const store = new MetricStore();
  const startedEpochMs = Date.now();
  const schedule = scenarioSchedule(config, scenario);
  const merged = mergeShards({
    dirs,
    scenario,
    prompt: promptTag,
    // The shards' BASE is compared among them, not with this process's (see SHARD_ONLY_KNOBS).
    ownKnobs: runKnobs(config, scenario, { baseUrl: '', simulated: false }),
    allowMissing: config.shards.mergeAllowMissing,
    store,
  });
  if (!merged.ok) throw new Error(`MERGE_FROM: ${merged.message}`);
  const samplesFile = samplesFileName(scenario, promptTag);
  // Where the shards sent their requests (they agree on it: BASE is a run knob).
  const baseUrl = String(merged.description.baseUrl ?? '');
  const simulated = merged.description.simulated === true;
  const part: ScenarioPart = {
    format: 'scenario-part',
    version: 1,
    scenario,
    prompt: promptTag,
    state: merged.state,
    model: config.target.model,
    baseUrl,
    simulated,
    targetRatePerSec: scenarioRate(config.load, scenario).ratePerSec,
    schedule,
    arrivalPattern: config.load.arrivals,
    maxVus: config.load.maxVus,
    startedEpochMs,
    updatedEpochMs: Date.now(),
    progress: null,
    arrivals: merged.arrivals,
    samplesFile,
    slaResults,
    baseline: null,
    tokenSources: merged.tokenSources,
    merge: merged.note,
  };
  // The union goes to this run's parts folder: the reporter reads it as any run's samples.
  const { progress: _p, arrivals: _a, slaResults: _s, baseline: _b, ...header } = part;
  try {
    mkdirSync(join(config.report.resultsDir, PARTS_DIR_NAME), { recursive: true });
    const writer = SamplesFileWriter.create(
      join(config.report.resultsDir, PARTS_DIR_NAME, samplesFile),
      header,
    );
    writer.end(store, merged.state);
    writer.close();
  } catch (error) {
    part.samplesError = `samples file ${samplesFile}: ${(error as Error).message}`;
  }
  writeScenarioPart(config.report.resultsDir, part);
  return { store, scheduleDurationMs: scheduleDurationMs(schedule), part };
}

const WORKLOAD_UNSET =
  'WORKLOAD is not set: set it to a prompt fixture tag (short), a synthetic description ' +
  '(prompt_tokens=512,output_tokens=128) or a dataset file (.jsonl or ShareGPT .json)';

/** WORKLOAD read and its file checked; throws ConfigError (before any request) when bad. */
function readWorkload(config: SuiteConfig): { loaded: LoadedWorkload | null; tag: string } {
  const text = config.load.workload;
  if (text === null) return { loaded: null, tag: 'workload' };
  const result = loadWorkload(text, { skipBad: config.load.workloadSkipBad });
  if (!result.ok) throw new ConfigError([], result.problems);
  return { loaded: result.loaded, tag: workloadName(result.loaded.source) };
}

/** Closes a writer that failed, once its background writes are done; the part says why. */
function closeQuietly(writer: { settled(): Promise<void>; close(): void }): void {
  void writer.settled().then(() => {
    try {
      writer.close();
    } catch {
      // Closing a file that failed to write may fail too.
    }
  });
}

function usersOf(load: ReturnType<typeof scenarioLoad>): ScenarioPart['users'] {
  return load.model === 'users' ? { vus: load.users, iterations: null } : null;
}

/** Lines added to a failed SLA: the first distinct errors, and an ABORT_ON_FAIL stop. */
function failureContext(errors: ServerErrors, abortReason: string | null): string {
  const lines = formatServerErrors(errors);
  const parts: string[] = [];
  if (lines.length > 0) parts.push(`\n  server errors ${lines.join('\n                ')}`);
  if (abortReason !== null) parts.push(`\n  stopped early ${abortReason}`);
  return parts.join('');
}

function finalProgress(run: ScenarioRun): LoadProgress {
  const a = run.arrivals;
  return {
    phase: 'done',
    elapsedMs: a.durationMs,
    scheduled: a.scheduled,
    started: a.started,
    dropped: a.dropped,
    completed: a.completed,
    aborted: a.aborted,
    iterateErrors: a.iterateErrors,
    inFlight: 0,
  };
}

function summarizeArrivals(run: ScenarioRun): ArrivalsSummary {
  const { arrivals } = run;
  return {
    scheduled: arrivals.scheduled,
    started: arrivals.started,
    dropped: arrivals.dropped,
    completed: arrivals.completed,
    aborted: arrivals.aborted,
    iterateErrors: arrivals.iterateErrors,
    gracefulStopExpired: arrivals.gracefulStopExpired,
    peakInFlight: arrivals.peakInFlight,
    scheduleDurationMs: arrivals.scheduleDurationMs,
    durationMs: arrivals.durationMs,
    achievedRatePerSec: arrivals.achievedRatePerSec,
    end: arrivals.end,
  };
}
