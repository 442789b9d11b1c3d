import { type ConfigProblem, describeProblem } from './env-reader.js';

/** Thrown before the first request when the configuration is invalid; lists every problem. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';

  constructor(readonly problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `Invalid configuration (${count}); no request was sent:\n${problems
        .map((problem) => `  - ${describeProblem(problem)}`)
        .join('\n')}\nSee the knobs table in README.md or .env.example.`,
    );
    this.name = 'ConfigError';
  }
}
