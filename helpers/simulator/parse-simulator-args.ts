import {
  crossOptionProblems,
  describeExpected,
  formatOptionProblem,
  isValidOptionValue,
  type OptionSpec,
  optionFlag,
  parseOptionText,
  SIMULATOR_OPTION_TABLE,
} from './simulator-option-table.js';
import type { SimulatorOptions } from './simulator-options.js';

/** Result of reading command-line flags. */
export interface ParsedSimulatorArgs {
  /** Options given on the command line (unset ones are absent). */
  options: Partial<SimulatorOptions>;
  /** One message per bad flag or value; empty when all are valid. */
  problems: string[];
  /** `--help` or `-h` was given. */
  help: boolean;
}

const SPECS_BY_FLAG = new Map<string, OptionSpec>(
  SIMULATOR_OPTION_TABLE.map((spec) => [optionFlag(spec.key), spec]),
);

/**
 * Reads `--kebab-case value` and `--kebab-case=value` flags (booleans also as `--flag` and
 * `--no-flag`). Every problem is collected, none thrown.
 */
export function parseSimulatorArgs(argv: readonly string[]): ParsedSimulatorArgs {
  const options: Record<string, unknown> = {};
  const problems: string[] = [];
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      problems.push(`${JSON.stringify(arg)}: unexpected argument; options look like --slots 8`);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    let text: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);

    const spec = SPECS_BY_FLAG.get(flag);
    if (spec === undefined && flag.startsWith('--no-') && text === undefined) {
      const positive = SPECS_BY_FLAG.get(`--${flag.slice(5)}`);
      if (positive?.kind === 'boolean') {
        options[positive.key] = false;
        continue;
      }
    }
    if (spec === undefined) {
      problems.push(`${flag}: unknown option; run with --help to list the options`);
      continue;
    }
    if (text === undefined) {
      const next = argv[i + 1];
      if (spec.kind === 'boolean' && (next === undefined || next.startsWith('--'))) {
        options[spec.key] = true;
        continue;
      }
      if (next === undefined) {
        problems.push(`${flag}: missing value; expected ${describeExpected(spec)}`);
        continue;
      }
      text = next;
      i++;
    }
    const value = parseOptionText(spec, text);
    if (value === undefined || !isValidOptionValue(spec, value)) {
      problems.push(formatOptionProblem(spec, flag, text));
      continue;
    }
    options[spec.key] = value;
  }

  const typed = options as Partial<SimulatorOptions>;
  problems.push(...crossOptionProblems(typed, optionFlag));
  return { options: typed, problems, help };
}
