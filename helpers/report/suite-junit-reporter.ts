import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { TestModule, Vitest } from 'vitest/node';
import { JUnitReporter } from 'vitest/node';
import { createSecretRedactor, type Redactor } from '../client/secret-redactor.js';
import { formatSlaAnnotation } from '../scenario/format-sla-annotation.js';
import { annotateJunitXml, type JunitCaseExtras } from './annotate-junit-xml.js';

/** Options of `SuiteJunitReporter`. */
export interface SuiteJunitReporterOptions {
  /** Where junit.xml goes (RESULTS_DIR/junit.xml). */
  outputFile: string;
  /** API_KEY and LOADTEST_TOKEN values, redacted from what this reporter adds. */
  secrets?: readonly string[];
}

/**
 * Vitest's junit reporter, then three additions to the file it wrote: a skipped test's reason
 * (`<skipped message="...">`; Vitest writes a bare `<skipped/>`), each SLA result and baseline
 * line in the test case's `<system-out>` (for viewers that ignore properties), and the time of
 * the spec file's hooks (the load, in `beforeAll`) shared among the tests that judged it.
 */
export class SuiteJunitReporter extends JUnitReporter {
  private root = process.cwd();
  /** Where junit.xml goes, as given (relative to the Vitest root). */
  readonly outputFile: string;
  private readonly redact: Redactor;

  constructor(options: SuiteJunitReporterOptions) {
    super({ outputFile: options.outputFile });
    this.outputFile = options.outputFile;
    this.redact = createSecretRedactor(options.secrets ?? []);
  }

  override async onInit(vitest: Vitest): Promise<void> {
    this.root = vitest.config.root;
    await super.onInit(vitest);
  }

  override async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    await super.onTestRunEnd(testModules);
    const path = resolve(this.root, this.outputFile);
    try {
      const extras = junitCaseExtras(testModules, this.root).map((extra) => ({
        ...extra,
        skipReason: extra.skipReason === null ? null : this.redact(extra.skipReason),
        systemOut: extra.systemOut.map(this.redact),
        properties: extra.properties.map((p) => ({ name: p.name, value: this.redact(p.value) })),
      }));
      const xml = annotateJunitXml(readFileSync(path, 'utf8'), extras);
      writeFileSync(`${path}.tmp`, xml);
      renameSync(`${path}.tmp`, path);
    } catch (error) {
      // Vitest's own file stays; only the additions are missing.
      process.stderr.write(
        `junit.xml: skip reasons, SLA output and load time not added: ${(error as Error).message}\n`,
      );
    }
  }
}

/**
 * What to add per test case: the skip reason (`context.skip(reason)`), the SLA and baseline
 * lines of its annotations plus each SLA's full message for `system-out`, and an equal share of
 * the file's hook time (file duration - its tests' durations: the load in `beforeAll`) for
 * each test that ran, written to `time` and told in a `load` property.
 */
export function junitCaseExtras(
  testModules: ReadonlyArray<TestModule>,
  root: string,
): JunitCaseExtras[] {
  const extras: JunitCaseExtras[] = [];
  for (const testModule of testModules) {
    const classname = relative(root, testModule.moduleId);
    const tests = [...testModule.children.allTests()];
    const ran = tests.filter((t) => {
      const state = t.result().state;
      return state === 'passed' || state === 'failed';
    });
    const testsMs = tests.reduce((sum, t) => sum + (t.diagnostic()?.duration ?? 0), 0);
    const fileMs = testModule.diagnostic().duration;
    const hooksMs = Math.max(0, fileMs - testsMs);
    const shareMs = ran.length > 0 ? hooksMs / ran.length : 0;
    for (const test of tests) {
      const result = test.result();
      const ranHere = ran.includes(test);
      const systemOut: string[] = test.annotations().map((a) => `${a.type}: ${a.message}`);
      for (const sla of test.meta().slaResults ?? []) {
        if (!systemOut.includes(`sla: ${formatSlaAnnotation(sla)}`)) {
          systemOut.push(`sla: ${formatSlaAnnotation(sla)}`);
        }
        systemOut.push('', sla.message);
      }
      const properties: JunitCaseExtras['properties'] = [];
      if (ranHere && hooksMs >= MIN_HOOKS_MS) {
        const load =
          `${seconds(hooksMs)} in the beforeAll/afterAll hooks of ${classname} (a load spec's ` +
          `load runs there), shared by its ${ran.length} test${ran.length === 1 ? '' : 's'} that ` +
          `ran: ${seconds(shareMs)} added to this test's time`;
        properties.push({ name: 'load', value: load });
        systemOut.push('', `load: ${load}`);
      }
      extras.push({
        classname,
        name: test.fullName,
        skipReason: result.state === 'skipped' ? (result.note ?? null) : null,
        systemOut,
        properties,
        addTimeSec: ranHere && hooksMs >= MIN_HOOKS_MS ? shareMs / 1000 : 0,
      });
    }
  }
  return extras;
}

/** Below this, a file's hook time is per-test overhead, not a load worth attributing. */
const MIN_HOOKS_MS = 100;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}
