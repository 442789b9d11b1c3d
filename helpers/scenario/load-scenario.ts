import { afterAll, beforeAll, expect, type TestContext } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { loadEnvironment } from '../config/load-environment.js';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { loadPromptFixture } from '../fixtures/prompt-fixture.js';
import type { LoadProgress } from '../load/arrival-run-result.js';
import { MetricStore, type MetricStoreJson } from '../metrics/metric-store.js';
import { attachSlaResult } from '../sla/attach-sla-result.js';
import { checkSla, type SlaResult } from '../sla/check-sla.js';
import { registerSlaMatchers } from '../sla/sla-matchers.js';
import { providedTarget } from '../vitest/target.js';
import { formatSlaAnnotation } from './format-sla-annotation.js';
import { runScenario, type ScenarioRun, scenarioSchedule } from './run-scenario.js';
import { type ScenarioName, scenarioRate } from './scenario-name.js';
import { type ArrivalsSummary, type ScenarioPart, writeScenarioPart } from './scenario-part.js';

/** How often the store is snapshotted to the part file while the run goes, ms. */
const SNAPSHOT_EVERY_MS = 15_000;

export interface LoadScenarioSpec {
  scenario: ScenarioName;
  /** Prompt fixture tag: `fixtures/prompts/<prompt>.json`. */
  prompt: string;
}

/** What a load spec uses: the config, and SLA checks scoped to its scenario and prompt. */
export interface LoadScenario {
  readonly config: SuiteConfig;
  /** The selector scoped to this scenario and prompt: `llm_ttft_ms{status:200}` -> `llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}`. */
  selector(selector: string): string;
  /**
   * Checks a k6 threshold on this scenario's samples, puts the result on the test (meta and a
   * JUnit property) and fails the test with the full report when it does not pass. Skips, with
   * the reason, when the scenario's rate is 0.
   */
  expectThreshold(context: TestContext, selector: string, threshold: string): Promise<void>;
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
  const skipReason =
    ratePerSec === 0 ? `${variable}=0 disables the ${spec.scenario} scenario` : null;
  const scope = `scenario:${spec.scenario},prompt:${spec.prompt}`;
  const slaResults: SlaResult[] = [];
  let run: ScenarioRun | null = null;
  let part: ScenarioPart | null = null;

  beforeAll(async () => {
    const target = providedTarget();
    const prompt = loadPromptFixture(spec.prompt);
    part = {
      format: 'scenario-part',
      version: 1,
      scenario: spec.scenario,
      prompt: spec.prompt,
      state: skipReason === null ? 'running' : 'skipped',
      ...(skipReason === null ? {} : { skipReason }),
      model: config.target.model,
      baseUrl: target.baseUrl,
      simulated: target.simulated,
      targetRatePerSec: ratePerSec,
      schedule: scenarioSchedule(config, spec.scenario),
      arrivalPattern: config.load.arrivals,
      maxVus: config.load.maxVus,
      startedEpochMs: Date.now(),
      updatedEpochMs: Date.now(),
      progress: null,
      arrivals: null,
      store: null,
      slaResults,
    };
    writeScenarioPart(config.report.resultsDir, part);
    if (skipReason !== null) return;

    const store = new MetricStore();
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      stop.abort(new Error(`run interrupted by ${signal}`));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let lastSnapshotMs = performance.now();
    let snapshot: MetricStoreJson | null = null;
    const save = (progress: LoadProgress) => {
      if (part === null) return;
      if (performance.now() - lastSnapshotMs >= SNAPSHOT_EVERY_MS) {
        snapshot = store.toJSON();
        lastSnapshotMs = performance.now();
      }
      part = { ...part, progress, store: snapshot, updatedEpochMs: Date.now() };
      writeScenarioPart(config.report.resultsDir, part);
    };
    try {
      run = await runScenario({
        scenario: spec.scenario,
        prompt,
        config,
        baseUrl: target.baseUrl,
        store,
        signal: stop.signal,
        onProgress: save,
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      part = {
        ...part,
        state: stop.signal.aborted ? 'interrupted' : 'done',
        arrivals: run === null ? null : summarizeArrivals(run),
        store: store.toJSON(),
        updatedEpochMs: Date.now(),
      };
      writeScenarioPart(config.report.resultsDir, part);
    }
  });

  afterAll(() => {
    if (part === null) return;
    part = { ...part, slaResults, updatedEpochMs: Date.now() };
    writeScenarioPart(config.report.resultsDir, part);
  });

  const selector = (text: string): string => {
    const brace = text.indexOf('{');
    if (brace === -1) return `${text.trim()}{${scope}}`;
    const inner = text.slice(brace + 1).trim();
    return `${text.slice(0, brace).trim()}{${scope}${inner === '}' ? '}' : `,${inner}`}`;
  };

  return {
    config,
    selector,
    async expectThreshold(context, selectorText, threshold) {
      if (skipReason !== null) context.skip(skipReason);
      if (run === null) expect.fail('the scenario did not run: see the error of beforeAll');
      const sla = checkSla(run.store, selector(selectorText), threshold, {
        minSamples: config.sla.minSamples,
        durationMs: run.arrivals.scheduleDurationMs,
      });
      slaResults.push(sla);
      attachSlaResult(context.task, sla);
      await context.annotate(formatSlaAnnotation(sla), 'sla');
      expect(sla).toPassSla();
    },
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
