import { describe, expect, it } from 'vitest';
import type { SlaResultFields } from './check-sla.js';
import { formatSlaMessage } from './format-sla-message.js';

const TREND = {
  selector: 'llm_output_tokens',
  threshold: 'count>=3 ',
  metric: 'llm_output_tokens',
  kind: 'trend',
  unit: 'tokens',
  aggregation: 'count',
  minSamples: 3,
  scope: {},
  requests: 3,
  failuresByOutcome: {},
  requestsByStatus: { '200': 3 },
  droppedIterations: 0,
} as const satisfies Partial<SlaResultFields>;

describe('formatSlaMessage writes every line of a result', () => {
  it('writes a passed count on a trend without scope, failures or a unit on the count', () => {
    const text = formatSlaMessage({
      ...TREND,
      status: 'pass',
      n: 3,
      measured: 3,
      distribution: { p50: 5, p90: 5, p95: 5, p99: 5, max: 5 },
      interval: null,
    });
    expect(text).toBe(
      [
        'SLA passed: llm_output_tokens count>=3 ',
        '  measured      count = 3 (meets >= 3)',
        '  samples       n = 3 (minimum 3)',
        '  distribution  p50 5  p90 5  p95 5  p99 5  max 5  (tokens)',
        '  failures      none of 3 requests',
        '  dropped       0 iterations',
      ].join('\n'),
    );
  });

  it('gives the reason first when there are too few samples', () => {
    const text = formatSlaMessage({
      ...TREND,
      status: 'too-few-samples',
      n: 1,
      measured: 1,
      minSamples: 10,
      requests: 1,
      distribution: { p50: 5, p90: 5, p95: 5, p99: 5, max: 5 },
      interval: null,
      reason: 'too few samples to judge: n = 1, fewer than the minimum 10',
    });
    expect(text.split('\n').slice(0, 3)).toEqual([
      'SLA failed (too few samples): llm_output_tokens count>=3 ',
      '  why           too few samples to judge: n = 1, fewer than the minimum 10',
      '  measured      count = 1 (not judged)',
    ]);
    expect(text).toContain('  failures      none of 1 request\n');
  });

  it('says there were no requests in the scope', () => {
    const text = formatSlaMessage({
      ...TREND,
      scope: { scenario: 'chat_stream' },
      requests: 0,
      requestsByStatus: {},
      status: 'no-samples',
      n: 0,
      measured: null,
      distribution: null,
      interval: null,
      reason: 'no requests were made for {scenario:chat_stream} (http_reqs is 0)',
    });
    expect(text).toContain('  failures      no requests in {scenario:chat_stream}\n');
  });

  it('writes no values line for a count on a rate', () => {
    const text = formatSlaMessage({
      ...TREND,
      selector: 'http_req_failed',
      threshold: 'count<1',
      metric: 'http_req_failed',
      kind: 'rate',
      unit: 'ratio',
      status: 'pass',
      n: 3,
      measured: 0,
      distribution: null,
      interval: null,
    });
    expect(text).toBe(
      [
        'SLA passed: http_req_failed count<1',
        '  measured      count = 0 (meets < 1)',
        '  samples       n = 3 requests (minimum 3)',
        '  failures      none of 3 requests',
        '  dropped       0 iterations',
      ].join('\n'),
    );
  });

  it('writes no values line for a trend judged by its average', () => {
    const text = formatSlaMessage({
      ...TREND,
      threshold: 'avg<3',
      aggregation: 'avg',
      status: 'fail',
      n: 3,
      measured: 5,
      distribution: { p50: 5, p90: 5, p95: 5, p99: 5, max: 5 },
      interval: null,
    });
    expect(text).not.toContain('values');
    expect(text).toContain('  measured      avg = 5 tokens (must be < 3)\n');
  });

  it('writes no values line for the per-second rate of a counter', () => {
    const text = formatSlaMessage({
      ...TREND,
      selector: 'http_reqs',
      threshold: 'rate>=1',
      metric: 'http_reqs',
      kind: 'counter',
      unit: 'requests',
      aggregation: 'rate',
      status: 'pass',
      n: 3,
      measured: 1.5,
      distribution: null,
      interval: null,
    });
    expect(text).toBe(
      [
        'SLA passed: http_reqs rate>=1',
        '  measured      rate = 1.5 requests/s (meets >= 1)',
        '  samples       n = 3 iterations = requests + dropped (minimum 3)',
        '  failures      none of 3 requests',
        '  dropped       0 iterations',
      ].join('\n'),
    );
  });

  it('writes no values line for a rate with no samples', () => {
    const text = formatSlaMessage({
      ...TREND,
      selector: 'http_req_failed',
      threshold: 'rate<0.02',
      metric: 'http_req_failed',
      kind: 'rate',
      unit: 'ratio',
      aggregation: 'rate',
      requests: 0,
      requestsByStatus: {},
      status: 'no-samples',
      n: 0,
      measured: null,
      distribution: null,
      interval: null,
      reason: 'no requests were made (http_reqs is 0)',
    });
    expect(text).toBe(
      [
        'SLA failed (no samples): http_req_failed rate<0.02',
        '  why           no requests were made (http_reqs is 0)',
        '  measured      rate = none',
        '  samples       n = 0 requests (minimum 3)',
        '  failures      no requests',
        '  dropped       0 iterations',
      ].join('\n'),
    );
  });

  it('labels the non-zero count of a rate and joins a two-tag scope with a comma', () => {
    const text = formatSlaMessage({
      ...TREND,
      selector: 'http_req_failed{scenario:chat_stream,prompt:short}',
      threshold: 'rate<0.5',
      metric: 'http_req_failed',
      kind: 'rate',
      unit: 'ratio',
      aggregation: 'rate',
      scope: { scenario: 'chat_stream', prompt: 'short' },
      requests: 4,
      failuresByOutcome: { 'http-error': 1 },
      status: 'pass',
      n: 4,
      measured: 0.25,
      distribution: null,
      interval: null,
    });
    expect(text).toBe(
      [
        'SLA passed: http_req_failed{scenario:chat_stream,prompt:short} rate<0.5',
        '  measured      rate = 0.250 (25%) (meets < 0.5)',
        '  samples       n = 4 requests (minimum 3)',
        '  values        1 non-zero of 4 (passes 1, fails 3)',
        '  failures      1 of 4 requests in {scenario:chat_stream,prompt:short}: http-error 1',
        '  dropped       0 iterations in {scenario:chat_stream,prompt:short}',
      ].join('\n'),
    );
  });
});
