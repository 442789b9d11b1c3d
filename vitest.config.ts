import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { loadEnvironment } from './helpers/config/load-environment.js';
import { importSuiteReporters, prebuildHelpers } from './helpers/vitest/prebuilt-helpers.js';

type SuiteReportersModule = typeof import('./helpers/report/suite-reporters.js');

// The helpers as ES module bundles that Node loads natively (rebuilt when a helper changes):
// Vitest then transforms only the spec files (see docs/layout.md, "Pre-built helpers").
// Nothing but this file and the two above are in the config's own import graph.
const ROOT = fileURLToPath(new URL('.', import.meta.url));
const env = loadEnvironment();
const prebuilt = await prebuildHelpers({ root: ROOT, env });
if (prebuilt.kind === 'source' && !prebuilt.asked) process.stderr.write(`${prebuilt.reason}\n`);
const { suiteReporters } = (await importSuiteReporters(prebuilt, {
  root: ROOT,
})) as SuiteReportersModule;
const prebuiltPlugins = prebuilt.kind === 'built' ? [prebuilt.plugin()] : [];

// The capacity specs run only when named on the command line (`npx vitest run specs/capacity`,
// `--project capacity`) or with CAPACITY=1; a plain `npx vitest run specs` skips them with the reason.
const capacityNamed = process.argv.slice(2).some((arg) => arg.includes('capacity'));

// Offline helper tests that measure wall-clock precision or pace real load (see the timing project).
const TIMING_TESTS = [
  'helpers/capacity/search-capacity.simulator.test.ts',
  'helpers/client/accuracy.test.ts',
  'helpers/load/real-clock.test.ts',
  'helpers/load/run-arrivals.real-clock.test.ts',
  'helpers/simulator/simulator.timing.test.ts',
];

// Five projects: offline helper tests (parallel), smoke specs, load specs, capacity specs
// (against BASE, or against the embedded simulator that the global setup starts when BASE is unset)
// and, last, the timing-bound helper tests one at a time.
export default defineConfig({
  test: {
    // Default output, the end-of-run summary and result files in RESULTS_DIR, live progress;
    // with CI or JUNIT set, also RESULTS_DIR/junit.xml (see docs/reports.md).
    reporters: suiteReporters(env),
    // A failed SLA points at the spec line that states it, not at the helper that checks it.
    onStackTrace: (_error, frame) => !frame.file.endsWith('/helpers/scenario/load-scenario.ts'),
    projects: [
      {
        test: {
          name: 'helpers',
          include: ['helpers/**/*.test.ts', 'bench/**/*.test.ts', 'deploy/**/*.test.ts'],
          exclude: TIMING_TESTS,
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Tests whose bounds are on wall-clock time, one file at a time after every other
        // project: beside a parallel run on a 2-core machine, a sibling's burst of CPU is a
        // stall of tens of ms that no honest bound can absorb.
        test: {
          name: 'timing',
          include: TIMING_TESTS,
          testTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 4 },
        },
      },
      {
        plugins: prebuiltPlugins,
        test: {
          name: 'smoke',
          include: ['specs/smoke/**/*.spec.ts'],
          globalSetup: [prebuilt.globalSetup],
          testTimeout: 30_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Inherits the root's onStackTrace.
        extends: true,
        plugins: prebuiltPlugins,
        test: {
          name: 'load',
          include: [
            'specs/stream/**/*.spec.ts',
            'specs/nonstream/**/*.spec.ts',
            'specs/workload/**/*.spec.ts',
            'specs/meta/**/*.spec.ts',
          ],
          globalSetup: [prebuilt.globalSetup],
          // Every scenario runs at the same time, as the k6 script's scenarios do.
          maxWorkers: 8,
          fileParallelism: true,
          testTimeout: 0,
          hookTimeout: 0,
          // Smoke checks first: no point loading a server that does not answer them.
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        plugins: prebuiltPlugins,
        test: {
          name: 'capacity',
          include: ['specs/capacity/**/*.spec.ts'],
          globalSetup: [prebuilt.globalSetup],
          // One search at a time: two would load the same server and measure each other.
          fileParallelism: false,
          testTimeout: 0,
          hookTimeout: 0,
          env: { CAPACITY_NAMED: capacityNamed ? '1' : '' },
          // After the load specs: a search saturates the server on purpose.
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
