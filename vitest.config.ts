import { defineConfig } from 'vitest/config';

// Three projects: offline helper tests (parallel), smoke specs and load specs (both against
// BASE, or against the embedded simulator that the global setup starts when BASE is unset).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'helpers',
          include: ['helpers/**/*.test.ts', 'bench/**/*.test.ts'],
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
        test: {
          name: 'load',
          include: ['specs/stream/**/*.spec.ts', 'specs/nonstream/**/*.spec.ts'],
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
