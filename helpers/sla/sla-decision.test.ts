import { describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordSample } from '../metrics/record-sample.js';
import { checkSla } from './check-sla.js';
import { slaDecision } from './sla-decision.js';

const TTFT = 'llm_ttft_ms{scenario:chat_stream,status:200}';

/** n requests with TTFT 1, 2, ... n ms (times `scale`). */
function store(n: number, scale = 1): MetricStore {
  const s = new MetricStore();
  for (let i = 1; i <= n; i += 1) recordSample(s, fakeSample({ ttftMs: i * scale }), 0);
  return s;
}

describe('checkSla with a percentile', () => {
  it('carries the 95% CI of the percentile and shows it in the message', () => {
    const result = checkSla(store(200), TTFT, 'p(95)<1000');
    expect(result.interval).toMatchObject({ pct: 95, n: 200 });
    const { lower, upper } = result.interval ?? { lower: null, upper: null };
    expect(lower).toBeLessThan(result.measured as number);
    expect(upper).toBeGreaterThan(result.measured as number);
    expect(result.message).toContain(`p(95) = 190 ms, 95% CI ${lower}-${upper} (meets < 1000)`);
  });

  it('has no interval for a rate', () => {
    expect(checkSla(store(20), 'http_req_failed', 'rate<0.02').interval).toBeNull();
  });
});

describe('slaDecision', () => {
  it('passes only when the whole CI is below the limit', () => {
    // 200 values 1..200: p(95) CI is about 184-197.
    expect(slaDecision(checkSla(store(200), TTFT, 'p(95)<1000')).verdict).toBe('pass');
    expect(slaDecision(checkSla(store(200), TTFT, 'p(95)<150')).verdict).toBe('fail');
  });

  it('is undecided when the CI straddles the limit, although the point estimate passes', () => {
    const result = checkSla(store(200), TTFT, 'p(95)<192');
    expect(result.status).toBe('pass'); // p(95) = 190.05
    const decision = slaDecision(result);
    expect(decision.verdict).toBe('undecided');
    expect(decision.why).toContain('straddles');
  });

  it('is undecided with too few values to bound p(95) from above (n < 72), never a pass', () => {
    const result = checkSla(store(50), TTFT, 'p(95)<1000');
    expect(result.status).toBe('pass');
    expect(slaDecision(result)).toEqual({
      verdict: 'undecided',
      cause: 'too-few',
      why: "too few samples (n = 50) to bound p(95) on the limit's side",
    });
  });

  it('fails a percentile whose lower bound is already beyond the limit, even with few values', () => {
    expect(slaDecision(checkSla(store(50, 100), TTFT, 'p(95)<1000')).verdict).toBe('fail');
  });

  it('decides a rate by its measured value, and no samples as a failure', () => {
    expect(slaDecision(checkSla(store(20), 'http_req_failed', 'rate<0.02')).verdict).toBe('pass');
    expect(slaDecision(checkSla(new MetricStore(), TTFT, 'p(95)<1000')).verdict).toBe('fail');
  });
});
