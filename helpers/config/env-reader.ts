import { formatDurationMs, parseDurationMs } from './parse-duration.js';

/** One thing wrong with the configuration: the variable, what it held and what would be right. */
export interface ConfigProblem {
  variable: string;
  /** The value as given; `[redacted]` for secrets. */
  value: string;
  expected: string;
  /** Why, or what to do, after the value: `one process paces at most ...`. */
  note?: string;
}

export function describeProblem(problem: ConfigProblem): string {
  const note = problem.note === undefined ? '' : `: ${problem.note}`;
  return `${problem.variable} must be ${problem.expected}, got ${JSON.stringify(problem.value)}${note}`;
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

  problem(variable: string, value: string, expected: string, note?: string): void {
    this.problems.push(
      note === undefined ? { variable, value, expected } : { variable, value, expected, note },
    );
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string): string | null {
    return this.raw(name) ?? null;
  }

  number(name: string, fallback: number, range: NumberRange = {}): number {
    return this.optionalNumber(name, range) ?? fallback;
  }

  /**
   * A plain decimal number (`2`, `0.5`, `-1`, `1e3`). Hexadecimal, binary and octal forms
   * (`0x2`), `Infinity`, `1_000` and the like are refused, though `Number()` reads some.
   */
  optionalNumber(name: string, range: NumberRange = {}): number | null {
    const text = this.raw(name);
    if (text === undefined) return null;
    const value = Number(text);
    if (!DECIMAL.test(text) || !Number.isFinite(value) || outside(value, range)) {
      const note = DECIMAL.test(text) && aboveMax(value, range) ? range.aboveMaxNote : undefined;
      this.problem(name, text, `${numberForm(text, 'a number')}${describeRange(range)}`, note);
      return null;
    }
    return value;
  }

  integer(name: string, fallback: number, range: NumberRange = {}): number {
    return this.optionalInteger(name, range) ?? fallback;
  }

  /** Digits only (with an optional `-`), at most 2^53 - 1 in size. */
  optionalInteger(name: string, range: NumberRange = {}): number | null {
    const text = this.raw(name);
    if (text === undefined) return null;
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || outside(value, range)) {
      const note = /^-?\d+$/.test(text) && aboveMax(value, range) ? range.aboveMaxNote : undefined;
      this.problem(
        name,
        text,
        `${numberForm(text, 'a whole number')}${describeRange(range)}`,
        note,
      );
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
  optionalDurationMs(name: string, range: DurationRange = {}): number | null {
    const text = this.raw(name);
    if (text === undefined) return null;
    const valueMs = parseDurationMs(text);
    const maxMs = range.maxMs ?? MAX_DURATION_MS;
    if (
      valueMs === null ||
      (range.minMs !== undefined && valueMs < range.minMs) ||
      valueMs > maxMs
    ) {
      const floor = range.minMs ? ` of at least ${range.minMs}ms` : '';
      const ceiling =
        range.maxMs === undefined
          ? ' and at most 596h (about the longest timer Node.js can set)'
          : ` and at most ${formatDurationMs(maxMs)}`;
      this.problem(
        name,
        text,
        `a duration with a unit${floor}${ceiling}, such as 500ms, 30s or 2m`,
      );
      return null;
    }
    return valueMs;
  }

  durationMs(name: string, fallbackMs: number, range: DurationRange = {}): number {
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

/** Bounds of a numeric knob. */
export interface NumberRange {
  min?: number;
  max?: number;
  /** Said after a value above `max`: why the bound, and what to do instead. */
  aboveMaxNote?: string;
}

export interface DurationRange {
  minMs?: number;
  /** Default `MAX_DURATION_MS`. */
  maxMs?: number;
}

/**
 * Longest duration knob: 596 h, just under the longest delay a Node.js timer takes
 * (2^31 - 1 ms, about 24.8 days); a longer timer fires after 1 ms instead.
 */
export const MAX_DURATION_MS = 596 * 3_600_000;

/** A plain decimal, optionally signed, with an optional fraction and exponent. */
const DECIMAL = /^-?(\d+(\.\d+)?|\.\d+)(e[+-]?\d+)?$/i;

function aboveMax(value: number, range: NumberRange): boolean {
  return range.max !== undefined && value > range.max;
}

function outside(value: number, range: NumberRange): boolean {
  return (
    (range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)
  );
}

/** `what`, or a note that only plain decimals count when `Number()` would read the text. */
function numberForm(text: string, what: string): string {
  const numeric = text !== '' && Number.isFinite(Number(text));
  return numeric && !DECIMAL.test(text) ? `${what} written as plain decimal digits` : what;
}

function describeRange(range: NumberRange): string {
  if (range.min !== undefined && range.max !== undefined) {
    return ` between ${range.min} and ${range.max}`;
  }
  if (range.min !== undefined) return ` >= ${range.min}`;
  if (range.max !== undefined) return ` <= ${range.max}`;
  return '';
}
