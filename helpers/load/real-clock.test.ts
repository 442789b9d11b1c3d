import { describe, expect, it } from 'vitest';
import { summarizeLags } from './lag-summary.js';
import { createRealClock, realClock } from './real-clock.js';

describe('realClock', () => {
  it('never wakes before the target, and is late by p99 < 20 ms on a busy machine', async () => {
    // 300 sleeps: the p99 sits near the 297th, so three stalls of a shared machine are tolerated.
    const latenessMs = new Float64Array(300);
    for (let i = 0; i < latenessMs.length; i++) {
      // Targets 0-3 ms ahead, fractional, so timers, re-arms and the spin all get exercised.
      const targetMs = performance.now() + ((i * 0.37) % 3);
      await realClock.sleepUntil(targetMs);
      latenessMs[i] = performance.now() - targetMs;
    }
    expect(Math.min(...latenessMs)).toBeGreaterThanOrEqual(0);
    expect(summarizeLags(latenessMs).p99Ms).toBeLessThan(20);
  });

  it('is never early with the spin turned off (spinMs 0: timers re-armed only)', async () => {
    const clock = createRealClock({ spinMs: 0 });
    for (let i = 0; i < 30; i++) {
      const targetMs = clock.now() + 0.5 + ((i * 0.61) % 3);
      await clock.sleepUntil(targetMs);
      expect(clock.now()).toBeGreaterThanOrEqual(targetMs);
    }
  });

  it('never spins when maxSpinShare is 0, and is still never early', async () => {
    const clock = createRealClock({ maxSpinShare: 0 });
    for (let i = 0; i < 20; i++) {
      const targetMs = clock.now() + 0.3 + ((i * 0.61) % 3);
      await clock.sleepUntil(targetMs);
      expect(clock.now()).toBeGreaterThanOrEqual(targetMs);
    }
    expect(clock.spinStats()).toMatchObject({ sleeps: 20, spunSleeps: 0 });
  });

  it('stops spinning once the spin demand passes maxSpinShare', async () => {
    // Sleeps 1 ms apart ask for ~1 ms of spin per ms: the demand passes 2 % after ~20 ms.
    const clock = createRealClock({ spinMs: 1, maxSpinShare: 0.02 });
    const startMs = clock.now();
    for (let i = 1; i <= 300; i++) await clock.sleepUntil(startMs + i);
    const stats = clock.spinStats();
    expect(stats.spunSleeps).toBeGreaterThan(0);
    expect(stats.spunSleeps).toBeLessThan(stats.sleeps);
    expect(stats.spinDemandShare).toBeGreaterThan(0.02);
  });

  it('returns at once when the signal aborts', async () => {
    const controller = new AbortController();
    const beganMs = realClock.now();
    const sleep = realClock.sleepUntil(beganMs + 10_000, controller.signal);
    setTimeout(() => controller.abort(), 5);
    await sleep;
    expect(realClock.now() - beganMs).toBeLessThan(1000);
  });

  it('maps clock time to epoch ms through performance.timeOrigin', () => {
    const epochMs = realClock.toEpochMs(realClock.now());
    expect(Math.abs(epochMs - Date.now())).toBeLessThan(1000);
  });
});
