import {
  crossOptionProblems,
  formatOptionProblem,
  isValidOptionValue,
  SIMULATOR_OPTION_TABLE,
} from './simulator-option-table.js';
import { DEFAULT_SIMULATOR_OPTIONS, type SimulatorOptions } from './simulator-options.js';

/** Thrown by `resolveSimulatorOptions`; lists every problem at once. */
export class SimulatorOptionsError extends Error {
  readonly code = 'SIM_ERR_OPTIONS';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid simulator options:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SimulatorOptionsError';
  }
}

/** Problems in options given from code, named by option key; empty when all are valid. */
export function simulatorOptionProblems(options: Partial<SimulatorOptions>): string[] {
  const problems: string[] = [];
  const known = new Set<string>(SIMULATOR_OPTION_TABLE.map((spec) => spec.key));
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      problems.push(`${key}: not a simulator option; known options: ${[...known].join(', ')}`);
    }
  }
  for (const spec of SIMULATOR_OPTION_TABLE) {
    const value: unknown = options[spec.key];
    if (value !== undefined && !isValidOptionValue(spec, value)) {
      problems.push(formatOptionProblem(spec, spec.key, value));
    }
  }
  return [...problems, ...crossOptionProblems(options, (key) => key)];
}

/** Merges the given options over the defaults; throws `SimulatorOptionsError` when invalid. */
export function resolveSimulatorOptions(
  options: Partial<SimulatorOptions> = {},
): Readonly<SimulatorOptions> {
  const problems = simulatorOptionProblems(options);
  if (problems.length > 0) throw new SimulatorOptionsError(problems);
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<SimulatorOptions>;
  const resolved: SimulatorOptions = { ...DEFAULT_SIMULATOR_OPTIONS, ...defined };
  resolved.models = [...resolved.models];
  return Object.freeze(resolved);
}
