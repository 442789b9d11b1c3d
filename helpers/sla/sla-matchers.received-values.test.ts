import { beforeAll, describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordSample } from '../metrics/record-sample.js';
import { checkSla, type SlaResult } from './check-sla.js';
import { registerSlaMatchers } from './sla-matchers.js';

const TTFT = 'llm_ttft_ms{scenario:chat_stream}';

// 100 .. 1000 ms: p(95) = 955, max = 1000.
const store = new MetricStore();
for (let i = 1; i <= 10; i += 1) recordSample(store, fakeSample({ ttftMs: i * 100 }), 0);

function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    if (error instanceof Error) return error.message;
  }
  throw new Error('the assertion passed');
}

beforeAll(() => {
  registerSlaMatchers();
});

describe('toPassSla names what it got instead of an SLA result', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['a number', 42, 'number'],
    ['a plain object', { status: 'pass' }, 'Object'],
    ['an object without a prototype', Object.create(null), 'an object'],
    ['a result whose message is not text', { status: 'pass', message: 7 }, 'Object'],
    ['a map', new Map(), 'Map'],
  ])('fails for %s', (_what, received, described) => {
    expect(failureOf(() => expect(received).toPassSla())).toBe(
      `toPassSla: expected an SlaResult from checkSla(), got ${described}.`,
    );
  });
});

describe('toMeetThresholds', () => {
  it('refuses anything but a MetricStore, naming itself', () => {
    expect(() => expect(null).toMeetThresholds({ [TTFT]: ['p(95)<1000'] })).toThrow(
      'toMeetThresholds: expect() must receive a MetricStore, got null.',
    );
  });

  it('hands every result to onResult, in order', () => {
    const seen: SlaResult[] = [];
    expect(store).toMeetThresholds(
      { [TTFT]: ['p(95)<1000', 'max<=1000'] },
      { onResult: (r) => seen.push(r) },
    );
    expect(seen.map((r) => [r.threshold, r.status])).toEqual([
      ['p(95)<1000', 'pass'],
      ['max<=1000', 'pass'],
    ]);
  });

  it('works without options, and with options but no onResult', () => {
    expect(store).toMeetThresholds({ [TTFT]: ['p(95)<1000'] });
    expect(store).toMeetThresholds({ [TTFT]: ['p(95)<1000'] }, { minSamples: 1 });
  });

  it('separates the reports of failed thresholds by a blank line', () => {
    const message = failureOf(() =>
      expect(store).toMeetThresholds({ [TTFT]: ['p(95)<900', 'max<800'] }),
    );
    const first = checkSla(store, TTFT, 'p(95)<900').message;
    const second = checkSla(store, TTFT, 'max<800').message;
    expect(message).toBe(`0 of 2 SLAs passed.\n\n${first}\n\n${second}`);
  });
});
