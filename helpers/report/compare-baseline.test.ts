import { describe, expect, it } from 'vitest';
import { baselineKey, compareWithBaseline, currentBaselineFigures } from './compare-baseline.js';
import { formatBaselineComparison } from './format-baseline-comparison.js';
import type { K6TrendValues } from './k6-summary-export.js';
import { syntheticStore } from './testing/synthetic-part.js';

const OPTIONS = {
  baselinePath: 'baseline.json',
  scenario: 'chat_stream',
  prompt: 'short',
  tolerance: 0.1,
};

function trend(p95: number, med: number = p95 / 2): K6TrendValues {
  return {
    avg: med,
    min: 0,
    med,
    max: p95 * 2,
    'p(90)': p95,
    'p(95)': p95,
    'p(99)': p95,
    count: 100,
  };
}

function figures(values: {
  ttft?: number;
  total?: number;
  tokens?: number;
}): Record<string, K6TrendValues> {
  const out: Record<string, K6TrendValues> = {};
  if (values.ttft !== undefined)
    out[baselineKey('llm_ttft_ms', 'chat_stream', 'short')] = trend(values.ttft);
  if (values.total !== undefined)
    out[baselineKey('llm_total_ms', 'chat_stream', 'short')] = trend(values.total);
  if (values.tokens !== undefined) {
    out[baselineKey('llm_tokens_per_sec', 'chat_stream', 'short')] = trend(
      values.tokens * 2,
      values.tokens,
    );
  }
  return out;
}

describe('compareWithBaseline', () => {
  it('passes when every figure stays within the tolerance, the bound included', () => {
    const c = compareWithBaseline(
      figures({ ttft: 550, total: 1000, tokens: 45 }),
      figures({ ttft: 500, total: 1000, tokens: 50 }),
      OPTIONS,
    );
    expect(c.status).toBe('pass');
    expect(c.rows.find((r) => r.metric === 'llm_ttft_ms')).toMatchObject({
      baseline: 500,
      current: 550,
      allowed: 550,
      status: 'ok',
    });
  });

  it('fails when a p95 latency is higher than baseline x (1 + tolerance)', () => {
    const c = compareWithBaseline(
      figures({ ttft: 551, total: 1000 }),
      figures({ ttft: 500, total: 1000 }),
      OPTIONS,
    );
    expect(c.status).toBe('fail');
    expect(c.rows.find((r) => r.metric === 'llm_ttft_ms')?.status).toBe('regressed');
  });

  it('fails when the median tokens/s is lower than baseline x (1 - tolerance)', () => {
    const c = compareWithBaseline(
      figures({ total: 1000, tokens: 44.9 }),
      figures({ total: 1000, tokens: 50 }),
      OPTIONS,
    );
    expect(c.rows.find((r) => r.metric === 'llm_tokens_per_sec')).toMatchObject({
      allowed: 45,
      status: 'regressed',
    });
    expect(c.status).toBe('fail');
  });

  it('does not fail a figure that improved by any amount', () => {
    const c = compareWithBaseline(
      figures({ ttft: 100, total: 200, tokens: 500 }),
      figures({ ttft: 500, total: 1000, tokens: 50 }),
      OPTIONS,
    );
    expect(c.status).toBe('pass');
  });

  it('fails, saying so, when the baseline has nothing for the scenario and prompt', () => {
    const c = compareWithBaseline(figures({ ttft: 500 }), {}, OPTIONS);
    expect(c.status).toBe('fail');
    expect(c.problem).toMatch(/^the baseline has no samples for chat_stream\/short/);
  });

  it('fails when a figure of the baseline has no samples now, and ignores figures neither has', () => {
    const c = compareWithBaseline(
      figures({ total: 1000 }),
      figures({ ttft: 500, total: 1000 }),
      OPTIONS,
    );
    expect(c.rows.find((r) => r.metric === 'llm_ttft_ms')?.status).toBe('missing-now');
    expect(c.rows.find((r) => r.metric === 'llm_itl_ms')?.status).toBe('not-applicable');
    expect(c.status).toBe('fail');
  });

  it('shows both values and the allowed bound in its report', () => {
    const c = compareWithBaseline(
      figures({ ttft: 812, total: 1000 }),
      figures({ ttft: 500, total: 1000 }),
      OPTIONS,
    );
    expect(formatBaselineComparison(c)).toBe(
      [
        'Baseline comparison failed: chat_stream/short against baseline.json (tolerance 10%, successful requests)',
        '  figure              baseline  current     allowed  change  verdict',
        '  p(95) llm_ttft_ms     500 ms   812 ms   <= 550 ms  +62.4%  REGRESSED',
        '  p(95) llm_total_ms   1000 ms  1000 ms  <= 1100 ms   +0.0%  ok',
      ].join('\n'),
    );
  });
});

describe('currentBaselineFigures', () => {
  it('takes the figures of successful requests only, under the keys the baseline uses', () => {
    const figuresNow = currentBaselineFigures(
      syntheticStore({ requests: 60, failEvery: 10 }),
      'chat_stream',
      'short',
    );
    expect(figuresNow[baselineKey('llm_ttft_ms', 'chat_stream', 'short')]?.count).toBe(54);
    expect(figuresNow[baselineKey('llm_itl_ms', 'chat_stream', 'short')]?.count).toBe(54 * 4);
  });
});
