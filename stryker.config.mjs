// Mutation testing of the measurement core: `npm run mutation` (see docs/mutation.md).
// One folder at a time: npm run mutation -- --mutate 'helpers/sla/**/*.ts,!**/*.test.ts'
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: [
    'helpers/metrics/**/*.ts',
    'helpers/sla/**/*.ts',
    'helpers/load/**/*.ts',
    'helpers/client/**/*.ts',
    '!**/*.test.ts',
    '!**/index.ts',
    // Test fixtures and a manual check script, not measurement code.
    '!helpers/client/testing/**',
    '!helpers/metrics/fake-sample.ts',
    '!helpers/load/pacing-check.ts',
  ],
  // Stryker rewrites the sandbox's tsconfig.json with TypeScript's JS API, which TypeScript 7
  // no longer has. Our tsconfig has no `extends` or `references` to rewrite: name a file that
  // does not exist so the step is skipped.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  coverageAnalysis: 'perTest',
  // The machine is shared: one test process.
  concurrency: 1,
  ignorePatterns: ['results', 'coverage'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'results/mutation/mutation.html' },
  jsonReporter: { fileName: 'results/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  thresholds: { high: 85, low: 75, break: null },
};
