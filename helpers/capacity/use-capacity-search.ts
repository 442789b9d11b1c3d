import { expect, type TestContext } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { loadEnvironment } from '../config/load-environment.js';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { loadPromptFixture } from '../fixtures/prompt-fixture.js';
import { parseSelector } from '../metrics/parse-selector.js';
import { parseThreshold } from '../metrics/parse-threshold.js';
import type { ScenarioName } from '../scenario/scenario-name.js';
import { providedTarget } from '../vitest/target.js';
import { writeCapacityResult } from './capacity-file.js';
import type { CapacityResult } from './capacity-result.js';
import { formatCapacityLine, formatCapacityTable } from './format-capacity.js';
import { type CapacitySla, createCapacityStepRunner } from './run-capacity-step.js';
import { searchCapacity } from './search-capacity.js';

/** Why a capacity spec is skipped in a plain `npx vitest run specs`. */
export const CAPACITY_SKIP_REASON =
  'the capacity search takes about a minute per spec: it runs when named ' +
  '(npx vitest run specs/capacity) or with CAPACITY=1';

/** What a capacity spec uses. */
export interface CapacitySearch {
  readonly config: SuiteConfig;
  /** `13.3 req/s` or `4 users`: CAPACITY_MIN in CAPACITY_UNIT. */
  readonly minLabel: string;
  /** States an SLA the load must hold (selector scoped to the spec's scenario and prompt). */
  holds(selector: string, threshold: string): void;
  /**
   * Searches the highest load at which every stated SLA holds, leaves the result for the
   * reports (summary, summary.json `suite.capacity`, report.html, a JUnit property) and fails
   * when it is below CAPACITY_MIN or none holds. Skips with the reason unless enabled.
   */
  expectSustains(context: TestContext): Promise<void>;
}

/** The capacity search of one scenario x prompt, for a spec in `specs/capacity/`. */
export function useCapacitySearch(spec: {
  scenario: ScenarioName;
  prompt: string;
}): CapacitySearch {
  const result = readSuiteConfig(loadEnvironment());
  if (!result.ok) throw new ConfigError(result.problems);
  const { config } = result;
  const slas: CapacitySla[] = [];
  const scope = `scenario:${spec.scenario},prompt:${spec.prompt}`;
  const unitLabel = config.capacity.unit === 'rate' ? 'req/s' : 'users';
  const enabled = config.capacity.enabled || process.env.CAPACITY_NAMED === '1';

  return {
    config,
    minLabel: `${config.capacity.min} ${unitLabel}`,
    holds(selectorText, threshold) {
      const brace = selectorText.indexOf('{');
      const inner = brace === -1 ? '}' : selectorText.slice(brace + 1).trim();
      const metric = (brace === -1 ? selectorText : selectorText.slice(0, brace)).trim();
      const selector = `${metric}{${scope}${inner === '}' ? '}' : `,${inner}`}`;
      // Mistakes in the spec fail at collection, before a minute of load.
      parseSelector(selector);
      parseThreshold(threshold);
      slas.push({ selector, threshold });
    },
    async expectSustains(context) {
      if (!enabled) {
        context.skip(CAPACITY_SKIP_REASON);
        return;
      }
      const target = providedTarget();
      const prompt = loadPromptFixture(spec.prompt);
      const stop = new AbortController();
      const onSignal = (signal: NodeJS.Signals) =>
        stop.abort(new Error(`interrupted by ${signal}`));
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const startedEpochMs = Date.now();
      let capacity: CapacityResult;
      try {
        const outcome = await searchCapacity({
          unit: config.capacity.unit,
          precision: config.capacity.precision,
          ...(config.capacity.unit === 'users' ? { maxLoad: config.load.maxVus } : {}),
          runStep: createCapacityStepRunner({
            config,
            scenario: spec.scenario,
            prompt,
            baseUrl: target.baseUrl,
            slas,
            signal: stop.signal,
          }),
        });
        capacity = {
          scenario: spec.scenario,
          prompt: spec.prompt,
          precision: config.capacity.precision,
          slas: slas.map((s) => `${s.selector} ${s.threshold}`),
          startedEpochMs,
          durationMs: Date.now() - startedEpochMs,
          ...outcome,
        };
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      writeCapacityResult(config.report.resultsDir, capacity);
      await context.annotate(formatCapacityLine(capacity), 'capacity');
      if (stop.signal.aborted) expect.fail('the capacity search was interrupted');
      const min = config.capacity.min;
      if (capacity.sustained === null || capacity.sustained < min) {
        expect.fail(
          [
            `Capacity below CAPACITY_MIN = ${min} ${unitLabel}: ${formatCapacityLine(capacity)}`,
            ...formatCapacityTable(capacity),
          ].join('\n'),
        );
      }
    },
  };
}
