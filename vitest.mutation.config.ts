import { defineConfig } from 'vitest/config';

// Only for `npm run mutation` (stryker.config.mjs): the unit tests of the measurement core,
// without the suite's reporters (they write result files) and without tests that measure
// wall-clock precision or memory, which Stryker's instrumented code would make flaky and slow.
export default defineConfig({
  test: {
    include: [
      'helpers/metrics/**/*.test.ts',
      'helpers/sla/**/*.test.ts',
      'helpers/load/**/*.test.ts',
      'helpers/client/**/*.test.ts',
    ],
    exclude: [
      // Timer precision against the real clock.
      'helpers/client/accuracy.test.ts',
      'helpers/load/real-clock.test.ts',
      'helpers/load/run-arrivals.real-clock.test.ts',
      // Bytes per recorded value: allocates 1M points per test.
      'helpers/metrics/metric-store-memory.test.ts',
    ],
    // The slowest test here takes about 1 s. A mutant that leaves a promise pending fails its
    // test after 3 s instead of waiting for Stryker's timeout and a restart of the test process.
    testTimeout: 3_000,
  },
});
