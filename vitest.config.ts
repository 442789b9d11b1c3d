import { defineConfig } from 'vitest/config';
import { suiteReporters } from './helpers/report/suite-reporters.js';

// Three projects: offline helper tests (parallel), smoke specs and load specs (both against
// BASE, or against the embedded simulator that the global setup starts when BASE is unset).
export default defineConfig({
  test: {
    // Default output, the end-of-run summary and result files in RESULTS_DIR, live progress;
    // with CI or JUNIT set, also RESULTS_DIR/junit.xml (see docs/reports.md).
    reporters: suiteReporters(),
    // A failed SLA points at the spec line that states it, not at the helper that checks it.
    onStackTrace: (_error, frame) => !frame.file.endsWith('/helpers/scenario/load-scenario.ts'),
    projects: [
      {
        test: {
          name: 'helpers',
          include: ['helpers/**/*.test.ts', 'bench/**/*.test.ts', 'deploy/**/*.test.ts'],
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'smoke',
          include: ['specs/smoke/**/*.spec.ts'],
          globalSetup: ['helpers/vitest/global-setup.ts'],
          testTimeout: 30_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Inherits the root's onStackTrace.
        extends: true,
        test: {
          name: 'load',
          include: [
            'specs/stream/**/*.spec.ts',
            'specs/nonstream/**/*.spec.ts',
            'specs/workload/**/*.spec.ts',
          ],
          globalSetup: ['helpers/vitest/global-setup.ts'],
          // Every scenario runs at the same time, as the k6 script's scenarios do.
          maxWorkers: 8,
          fileParallelism: true,
          testTimeout: 0,
          hookTimeout: 0,
          // Smoke checks first: no point loading a server that does not answer them.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
