import { parseDurationMs } from './parse-duration.js';

/** One thing wrong with the configuration: the variable, what it held and what would be right. */
export interface ConfigProblem {
  variable: string;
  /** The value as given; `[redacted]` for secrets. */
  value: string;
  expected: string;
}

export function describeProblem(problem: ConfigProblem): string {
  return `${problem.variable} must be ${problem.expected}, got ${JSON.stringify(problem.value)}`;
}

/**
 * Reads typed values from an environment and collects every problem instead of stopping at
 * the first, so a user sees all of them at once. An empty string counts as unset.
 */
export class EnvReader {
  readonly problems: ConfigProblem[] = [];

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  problem(variable: string, value: string, expected: string): void {
    this.problems.push({ variable, value, expected });
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string): string | null {
    return this.raw(name) ?? null;
  }

  number(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    return this.optionalNumber(name, range) ?? fallback;
  }

  optionalNumber(name: string, range: { min?: number; max?: number } = {}): number | null {
    const text = this.raw(name);
    if (text === undefined) return null;
    const value = Number(text);
    if (
      !Number.isFinite(value) ||
      (range.min !== undefined && value < range.min) ||
      (range.max !== undefined && value > range.max)
    ) {
      this.problem(name, text, `a number${describeRange(range)}`);
      return null;
    }
    return value;
  }

  integer(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    return this.optionalInteger(name, range) ?? fallback;
  }

  optionalInteger(name: string, range: { min?: number; max?: number } = {}): number | null {
    const text = this.raw(name);
    if (text === undefined) return null;
    const value = Number(text);
    if (
      !/^-?\d+$/.test(text) ||
      (range.min !== undefined && value < range.min) ||
      (range.max !== undefined && value > range.max)
    ) {
      this.problem(name, text, `a whole number${describeRange(range)}`);
      return null;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    const lower = text.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
    if (['0', 'false', 'no', 'off'].includes(lower)) return false;
    this.problem(name, text, 'a boolean: 1, true, yes, on, 0, false, no or off');
    return fallback;
  }

  /** A k6-style duration with a unit (`500ms`, `30s`, `2m`); `null` when unset or invalid. */
  optionalDurationMs(name: string, range: { minMs?: number } = {}): number | null {
    const text = this.raw(name);
    if (text === undefined) return null;
    const valueMs = parseDurationMs(text);
    if (valueMs === null || (range.minMs !== undefined && valueMs < range.minMs)) {
      const floor = range.minMs ? ` of at least ${range.minMs}ms` : '';
      this.problem(name, text, `a duration with a unit${floor}, such as 500ms, 30s or 2m`);
      return null;
    }
    return valueMs;
  }

  durationMs(name: string, fallbackMs: number, range: { minMs?: number } = {}): number {
    return this.optionalDurationMs(name, range) ?? fallbackMs;
  }

  oneOf<const T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    const found = choices.find((choice) => choice === text.toLowerCase());
    if (found === undefined) {
      this.problem(name, text, `one of ${choices.join(', ')}`);
      return fallback;
    }
    return found;
  }
}

function describeRange(range: { min?: number; max?: number }): string {
  if (range.min !== undefined && range.max !== undefined) {
    return ` between ${range.min} and ${range.max}`;
  }
  if (range.min !== undefined) return ` >= ${range.min}`;
  if (range.max !== undefined) return ` <= ${range.max}`;
  return '';
}
