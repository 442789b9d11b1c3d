import { defineConfig } from 'vitest/config';
import { suiteReporters } from '../../report/suite-reporters.js';

// Only for worker-lifecycle.process.test.ts: the load project's settings, with the overload
// fixture as its one spec (the suite's own projects never include it).
export default defineConfig({
  test: {
    reporters: suiteReporters(),
    include: ['helpers/scenario/testing/overload.spec.ts'],
    globalSetup: ['helpers/vitest/global-setup.ts'],
    testTimeout: 0,
    hookTimeout: 0,
  },
});
