import {
  crossOptionProblems,
  formatOptionProblem,
  isValidOptionValue,
  optionEnvName,
  parseOptionText,
  SIMULATOR_OPTION_TABLE,
} from './simulator-option-table.js';
import type { SimulatorOptions } from './simulator-options.js';

const KNOWN_ENV_NAMES = new Set(SIMULATOR_OPTION_TABLE.map((spec) => optionEnvName(spec.key)));

/**
 * Reads `SIM_*` variables (`SIM_SLOTS`, `SIM_PREFILL_BASE_MS`, ...) for the suite's global
 * setup. Empty variables count as unset. Unknown `SIM_*` names are reported (typos would
 * otherwise be silently ignored). Never throws: the caller merges `problems` with its own.
 */
export function simulatorOptionsFromEnv(env: NodeJS.ProcessEnv): {
  options: Partial<SimulatorOptions>;
  problems: string[];
} {
  const options: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const spec of SIMULATOR_OPTION_TABLE) {
    const name = optionEnvName(spec.key);
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = parseOptionText(spec, text);
    if (value === undefined || !isValidOptionValue(spec, value)) {
      problems.push(formatOptionProblem(spec, name, text));
      continue;
    }
    options[spec.key] = value;
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith('SIM_') && !KNOWN_ENV_NAMES.has(name)) {
      problems.push(`${name}: not a simulator variable; known: ${[...KNOWN_ENV_NAMES].join(', ')}`);
    }
  }
  const typed = options as Partial<SimulatorOptions>;
  problems.push(...crossOptionProblems(typed, optionEnvName));
  return { options: typed, problems };
}
