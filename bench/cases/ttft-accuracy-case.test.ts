import { describe, expect, it } from 'vitest';
import type { TruthSummary } from '../ipc-protocol.js';
import { accuracyOf, type MeasuredStream, truthsPerLevel } from './ttft-accuracy-case.js';

const truth = (id: string, eventMs: number[]): [string, TruthSummary] => [
  id,
  { id, eventMs, queueMs: 0, outcome: 'finished' },
];

describe('accuracyOf', () => {
  // Server clock + 1000 = bench clock.
  const OFFSET_MS = 1000;
  const truths = new Map([truth('a', [200, 220, 240]), truth('b', [210, 230, 250])]);

  it('takes TTFT error against the first write and gap errors against written gaps', () => {
    const measured: MeasuredStream[] = [
      { ok: true, responseId: 'a', outputArrivalMs: [1200.5, 1220.5, 1241] },
      { ok: true, responseId: 'b', outputArrivalMs: [1211, 1231, 1251] },
    ];
    const accuracy = accuracyOf(2, measured, truths, OFFSET_MS);
    expect(accuracy.ttftErrorMs).toMatchObject({ count: 2, minMs: 0.5, maxMs: 1 });
    expect(accuracy.itlErrorMs.count).toBe(4);
    expect(accuracy.itlErrorMs.maxMs).toBeCloseTo(0.5, 9);
    expect(accuracy.itlErrorMs.minMs).toBeCloseTo(0, 9);
    expect(accuracy).toMatchObject({ requests: 2, okStreams: 2, eventCountMismatches: 0 });
  });

  it('leaves out failed streams, unknown ids and streams with another event count', () => {
    const measured: MeasuredStream[] = [
      { ok: false, responseId: 'a', outputArrivalMs: [1200, 1220, 1240] },
      { ok: true, responseId: 'zzz', outputArrivalMs: [1200, 1220, 1240] },
      { ok: true, responseId: null, outputArrivalMs: [] },
      { ok: true, responseId: 'b', outputArrivalMs: [1211, 1231] },
    ];
    const accuracy = accuracyOf(4, measured, truths, OFFSET_MS);
    expect(accuracy).toMatchObject({
      requests: 4,
      okStreams: 1,
      missingTruths: 1,
      eventCountMismatches: 1,
    });
    expect(accuracy.ttftErrorMs.count).toBe(0);
  });
});

describe('truthsPerLevel', () => {
  it('keeps the truth of every stream of the largest level: 20 rounds and a warm-up of 1000, both sides', () => {
    // Below this, the 1000-stream level lost the truths of its first rounds (1 December).
    expect(truthsPerLevel()).toBe(2 * 21 * 1000);
  });
});
