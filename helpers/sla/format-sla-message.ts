import { formatNumber, formatNumberAgainst, type NumberLimit } from '../metrics/format-number.js';
import type { SlaResultFields } from './check-sla.js';
import { formatSlaInterval } from './format-sla-interval.js';
import { slaLimit } from './sla-limit.js';

const LABEL_WIDTH = 14;

const HEADLINES: Record<SlaResultFields['status'], string> = {
  pass: 'SLA passed',
  fail: 'SLA failed',
  'no-samples': 'SLA failed (no samples)',
  'too-few-samples': 'SLA failed (too few samples)',
};

/**
 * Plain-text report of an SLA result: a headline naming the selector and threshold, then
 * aligned `label  value` lines (why, measured, samples, distribution, failures, dropped).
 * No colours or box characters, so it reads the same in a terminal and in JUnit XML.
 */
export function formatSlaMessage(result: SlaResultFields): string {
  const lines = [`${HEADLINES[result.status]}: ${result.selector} ${result.threshold}`];
  const add = (label: string, text: string): void => {
    lines.push(`  ${label.padEnd(LABEL_WIDTH)}${text}`);
  };

  if (result.status === 'no-samples' || result.status === 'too-few-samples') {
    add('why', result.reason);
  }
  add('measured', measuredLine(result));
  add('samples', samplesLine(result));
  if (result.distribution !== null) {
    const d = result.distribution;
    const unit = unitSuffix(result.unit);
    const limit = slaLimit(result.threshold);
    const num = (value: number) => formatNumberAgainst(value, limit);
    add(
      'distribution',
      `p50 ${num(d.p50)}  p90 ${num(d.p90)}  p95 ${num(d.p95)}  p99 ${num(d.p99)}  max ${num(d.max)}` +
        (unit === '' ? '' : `  (${unit})`),
    );
  }
  if (result.kind === 'rate' && result.aggregation === 'rate' && result.measured !== null) {
    const passes = Math.round(result.measured * result.n);
    add(
      'values',
      `${passes} non-zero of ${result.n} (passes ${passes}, fails ${result.n - passes})`,
    );
  }
  add('failures', failuresLine(result));
  add('dropped', `${plural(result.droppedIterations, 'iteration')}${inScope(result.scope)}`);
  return lines.join('\n');
}

function measuredLine(result: SlaResultFields): string {
  if (result.measured === null) return `${result.aggregation} = none`;
  const value = formatSlaValue(result, result.measured);
  const limit = result.threshold
    .slice(result.threshold.search(/[<>=!]/))
    .replace(/^([<>=!]+)\s*/, '$1 ')
    .trim();
  const judged =
    result.status === 'too-few-samples'
      ? 'not judged'
      : `${result.status === 'pass' ? 'meets' : 'must be'} ${limit}`;
  const interval = result.interval === null ? '' : `, ${formatSlaInterval(result.interval)}`;
  return `${result.aggregation} = ${value}${interval} (${judged})`;
}

function samplesLine(result: SlaResultFields): string {
  const what =
    result.kind === 'counter'
      ? ` iterations${inScope(result.scope)} = requests + dropped`
      : result.metric === 'http_req_failed'
        ? ' requests'
        : '';
  return `n = ${result.n}${what} (minimum ${result.minSamples})`;
}

function failuresLine(result: SlaResultFields): string {
  const failures = Object.entries(result.failuresByOutcome).sort((a, b) => b[1] - a[1]);
  const failed = failures.reduce((total, [, count]) => total + count, 0);
  if (result.requests === 0) return `no requests${inScope(result.scope)}`;
  const of = `of ${plural(result.requests, 'request')}${inScope(result.scope)}`;
  if (failed === 0) return `none ${of}`;
  return `${failed} ${of}: ${failures.map(([code, count]) => `${code} ${count}`).join(', ')}`;
}

/**
 * The measured value by the reports' one rule (`formatNumber`), with more digits only where
 * that rounding would land on or cross the limit; the SLA annotation uses the same function.
 */
export function formatSlaValue(result: SlaResultFields, value: number): string {
  const limit = slaLimit(result.threshold);
  const num = (v: number) => formatNumberAgainst(v, limit);
  if (result.aggregation === 'count') return num(value);
  if (result.kind === 'counter') return `${num(value)} ${result.unit}/s`;
  if (result.unit === 'ratio') return `${num(value)} (${percent(value, limit)}%)`;
  const unit = unitSuffix(result.unit);
  return unit === '' ? num(value) : `${num(value)} ${unit}`;
}

function percent(value: number, limit: NumberLimit | null): string {
  const scaled = limit === null ? null : { ...limit, value: limit.value * 100 };
  return scaled === null ? formatNumber(value * 100) : formatNumberAgainst(value * 100, scaled);
}

function unitSuffix(unit: SlaResultFields['unit']): string {
  return unit === 'ratio' ? '' : unit;
}

function inScope(scope: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(scope).map(([name, value]) => `${name}:${value}`);
  return pairs.length === 0 ? '' : ` in {${pairs.join(',')}}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
