import { describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordSample } from '../metrics/record-sample.js';
import { checkSla } from '../sla/check-sla.js';
import { formatSlaAnnotation } from './format-sla-annotation.js';

describe('formatSlaAnnotation', () => {
  it('shows the 95% CI of a percentile next to the measured value (the JUnit property)', () => {
    const store = new MetricStore();
    for (let i = 1; i <= 100; i += 1) recordSample(store, fakeSample({ ttftMs: i * 10 }), 0);
    const sla = checkSla(store, 'llm_ttft_ms{scenario:chat_stream}', 'p(95)<1000');
    // Ranks 90 and 100 of 10, 20, ... 1000: P(B <= 89) = 0.011, P(B <= 99) = 0.994 for B ~ Bin(100, 0.95).
    expect(formatSlaAnnotation(sla)).toBe(
      'PASS p(95) llm_ttft_ms{scenario:chat_stream} = 951 ms, 95% CI 900-1000 (limit p(95)<1000, n=100)',
    );
  });
});
