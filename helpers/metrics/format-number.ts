import { type ComparisonOperator, compare } from './parse-threshold.js';

/**
 * A number for people, the one rule of every report (terminal summary, SLA messages, JUnit,
 * report.html): integers as they are, >= 100 without decimals, >= 1 with one decimal, smaller
 * values with three significant digits (`0.0123`). Machines read the JSON's full values.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 1) return value.toFixed(1);
  return value.toPrecision(3);
}

/** The limit of a threshold, as `formatNumberAgainst` needs it. */
export interface NumberLimit {
  operator: ComparisonOperator;
  value: number;
}

/**
 * `formatNumber`, except when that rounding would misstate the verdict against `limit`: when
 * the rounded value lands on the limit (1000.4 shown as 1000 against `< 1000`) or on its other
 * side, as many more significant digits as it takes to tell them apart. Same value and limit,
 * same text, wherever it is shown.
 */
export function formatNumberAgainst(value: number, limit: NumberLimit | null): string {
  const text = formatNumber(value);
  if (limit === null || !Number.isFinite(value) || !misleads(Number(text), value, limit)) {
    return text;
  }
  return moreDigits(value, limit);
}

function misleads(shown: number, value: number, limit: NumberLimit): boolean {
  if (compare(shown, limit.operator, limit.value) !== compare(value, limit.operator, limit.value)) {
    return true;
  }
  return shown === limit.value && value !== limit.value;
}

function moreDigits(value: number, limit: NumberLimit): string {
  for (let digits = 4; digits <= 17; digits += 1) {
    const text = String(Number(value.toPrecision(digits)));
    if (!misleads(Number(text), value, limit)) return text;
  }
  return String(value);
}
