import { describe, expect, it } from 'vitest';
import { type ClockExchange, estimateClockOffset } from './clock-offset.js';

/** An exchange with a remote clock that reads `localMs - offsetMs`, answered after `outMs`. */
function exchange(sentMs: number, outMs: number, backMs: number, offsetMs: number): ClockExchange {
  return { sentMs, remoteMs: sentMs + outMs - offsetMs, receivedMs: sentMs + outMs + backMs };
}

describe('estimateClockOffset', () => {
  it('recovers the offset exactly from a symmetric exchange', () => {
    const offset = estimateClockOffset([exchange(100, 0.02, 0.02, 5000)]);
    expect(offset.offsetMs).toBeCloseTo(5000, 9);
    expect(offset.rttMs).toBeCloseTo(0.04, 9);
    expect(offset.uncertaintyMs).toBeCloseTo(0.02, 9);
  });

  it('uses the exchange with the shortest round trip', () => {
    const offset = estimateClockOffset([
      exchange(0, 3, 0.1, -42),
      exchange(10, 0.05, 0.05, -42),
      exchange(20, 0.1, 4, -42),
    ]);
    expect(offset.offsetMs).toBeCloseTo(-42, 9);
    expect(offset.rttMs).toBeCloseTo(0.1, 9);
    expect(offset.exchanges).toBe(3);
  });

  it('stays within ± half the round trip of the truth however the delays split', () => {
    const offset = estimateClockOffset([exchange(0, 0.9, 0.1, 7)]);
    expect(Math.abs(offset.offsetMs - 7)).toBeLessThanOrEqual(offset.uncertaintyMs + 1e-12);
    expect(offset.offsetMs).not.toBeCloseTo(7, 3);
  });

  it('refuses no exchanges and a negative round trip, naming the fix', () => {
    expect(() => estimateClockOffset([])).toThrow(/ping the other process/);
    expect(() => estimateClockOffset([{ sentMs: 5, remoteMs: 0, receivedMs: 4 }])).toThrow(
      /same monotonic clock/,
    );
  });
});
