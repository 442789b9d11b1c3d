import { describe, expect, it } from 'vitest';
import type { SlaResultFields } from './check-sla.js';
import { formatSlaMessage } from './format-sla-message.js';

const BASE = {
  selector: 'llm_ttft_ms{scenario:chat_stream,status:200}',
  threshold: 'p(95)<1000',
  metric: 'llm_ttft_ms',
  kind: 'trend',
  unit: 'ms',
  aggregation: 'p(95)',
  minSamples: 10,
  scope: { scenario: 'chat_stream' },
  requests: 245,
  failuresByOutcome: { 'http-error': 2, 'timeout-first-token': 3 },
  requestsByStatus: { '200': 243, '503': 2 },
  droppedIterations: 0,
  interval: null,
} as const satisfies Partial<SlaResultFields>;

describe('formatSlaMessage', () => {
  it('writes the selector, threshold, measured value, n, distribution, failures and dropped', () => {
    const text = formatSlaMessage({
      ...BASE,
      status: 'fail',
      n: 240,
      measured: 1234.5,
      distribution: { p50: 812, p90: 1100.25, p95: 1234.5, p99: 1502.875, max: 1810 },
      interval: {
        pct: 95,
        confidence: 0.95,
        lower: 1190.25,
        upper: 1288,
        lowerRank: 222,
        upperRank: 235,
        n: 240,
      },
    });
    expect(text).toBe(
      [
        'SLA failed: llm_ttft_ms{scenario:chat_stream,status:200} p(95)<1000',
        '  measured      p(95) = 1235 ms, 95% CI 1190-1288 (must be < 1000)',
        '  samples       n = 240 (minimum 10)',
        '  distribution  p50 812  p90 1100  p95 1235  p99 1503  max 1810  (ms)',
        '  failures      5 of 245 requests in {scenario:chat_stream}: timeout-first-token 3, http-error 2',
        '  dropped       0 iterations in {scenario:chat_stream}',
      ].join('\n'),
    );
  });

  it('puts the reason first when there are no samples', () => {
    const text = formatSlaMessage({
      ...BASE,
      status: 'no-samples',
      n: 0,
      measured: null,
      distribution: null,
      requests: 12,
      failuresByOutcome: { 'timeout-first-token': 12 },
      reason:
        'every request failed for {scenario:chat_stream}: 12 of 12 had outcome timeout-first-token',
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'SLA failed (no samples): llm_ttft_ms{scenario:chat_stream,status:200} p(95)<1000',
    );
    expect(lines[1]).toBe(
      '  why           every request failed for {scenario:chat_stream}: 12 of 12 had outcome timeout-first-token',
    );
    expect(lines[2]).toBe('  measured      p(95) = none');
  });

  it('aligns every value in one column, without colour codes', () => {
    const text = formatSlaMessage({
      ...BASE,
      status: 'too-few-samples',
      n: 4,
      measured: 900,
      distribution: { p50: 1, p90: 2, p95: 3, p99: 4, max: 5 },
      reason: 'too few samples to judge: n = 4, fewer than the minimum 10',
    });
    const detail = text.split('\n').slice(1);
    expect(detail.length).toBeGreaterThanOrEqual(5);
    for (const line of detail) expect(line).toMatch(/^ {2}[a-z]+ +\S/);
    for (const line of detail) expect(line.search(/(?<=^ {2}[a-z]+ +)\S/)).toBe(16);
    expect(text.includes(String.fromCharCode(27))).toBe(false); // no ANSI colour codes
    expect(text).toContain('p(95) = 900 ms (not judged)');
  });

  it('shows a rate as a fraction and a percentage with the non-zero count', () => {
    const text = formatSlaMessage({
      ...BASE,
      selector: 'http_req_failed{scenario:chat_stream}',
      threshold: 'rate<0.02',
      metric: 'http_req_failed',
      kind: 'rate',
      unit: 'ratio',
      aggregation: 'rate',
      status: 'fail',
      n: 245,
      measured: 5 / 245,
      distribution: null,
    });
    // 2.0% would read as the limit itself: one more digit tells them apart.
    expect(text).toContain('rate = 0.0204 (2.041%) (must be < 0.02)');
    expect(text).toContain('n = 245 requests (minimum 10)');
    expect(text).toContain('5 non-zero of 245 (passes 5, fails 240)');
  });

  it('shows a counter rate per second and counts iterations as the samples', () => {
    const text = formatSlaMessage({
      ...BASE,
      selector: 'http_reqs{scenario:chat_stream}',
      threshold: 'rate >= 5',
      metric: 'http_reqs',
      kind: 'counter',
      unit: 'requests',
      aggregation: 'rate',
      status: 'pass',
      n: 246,
      measured: 5.5,
      distribution: null,
      droppedIterations: 1,
    });
    expect(text).toContain('rate = 5.5 requests/s (meets >= 5)');
    expect(text).toContain('n = 246 iterations in {scenario:chat_stream} = requests + dropped');
    expect(text).toContain('dropped       1 iteration in {scenario:chat_stream}');
  });

  it("rounds by the reports' rule: 1538.8 ms reads 1539 ms, as in the summary and report.html", () => {
    const text = formatSlaMessage({
      ...BASE,
      status: 'fail',
      n: 240,
      measured: 1538.8,
      distribution: { p50: 812.34, p90: 1400.06, p95: 1538.8, p99: 1600.5, max: 1810 },
    });
    expect(text).toContain('p(95) = 1539 ms (must be < 1000)');
    expect(text).toContain('p50 812  p90 1400  p95 1539  p99 1601  max 1810  (ms)');
  });

  it('gives more digits only where the rounded value would land on its limit', () => {
    const over = formatSlaMessage({
      ...BASE,
      status: 'fail',
      n: 240,
      measured: 1000.4,
      distribution: { p50: 812, p90: 990.3, p95: 1000.4, p99: 1200, max: 1300 },
    });
    expect(over).toContain('p(95) = 1000.4 ms (must be < 1000)');
    expect(over).toContain('p50 812  p90 990  p95 1000.4  p99 1200');
    const under = formatSlaMessage({
      ...BASE,
      status: 'pass',
      n: 240,
      measured: 999.96,
      distribution: { p50: 812, p90: 990, p95: 999.96, p99: 999.97, max: 999.98 },
    });
    expect(under).toContain('p(95) = 999.96 ms (meets < 1000)');
  });
});
