import { type ConfigProblem, describeProblem } from './env-reader.js';

/** Thrown before the first request when the configuration is invalid; lists every problem. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';

  /**
   * @param problems knob problems from the config reader
   * @param otherProblems already-worded problems from other readers (e.g. `SIM_*` variables)
   */
  constructor(
    readonly problems: readonly ConfigProblem[],
    readonly otherProblems: readonly string[] = [],
  ) {
    const lines = [...problems.map(describeProblem), ...otherProblems];
    const count = lines.length === 1 ? '1 problem' : `${lines.length} problems`;
    super(
      `Invalid configuration (${count}); no request was sent:\n${lines
        .map((line) => `  - ${line}`)
        .join('\n')}\nSee docs/knobs.md or .env.example.`,
    );
    this.name = 'ConfigError';
    // A user's mistake, not a bug: the message says it all, stack frames would be noise.
    this.stack = `${this.name}: ${this.message}`;
  }
}
