import { describe, expect, it } from 'vitest';
import { createRealClock, realClock } from './real-clock.js';

describe('realClock', () => {
  it('wakes within 0.05 ms of the target far more often than the same clock without its spin', async (context) => {
    // Sleeps alternate between the shared clock and one with the spin off, so both see the
    // same machine. A busy machine preempts some of either; the spin shows in the wakes that
    // were not preempted: timers alone land 0-1 ms late (libuv counts whole ms), the spin
    // within microseconds. Targets 2-5 ms apart keep the spin demand under maxSpinShare.
    const spinOff = createRealClock({ spinMs: 0 });
    const withSpin: number[] = [];
    const withoutSpin: number[] = [];
    for (let i = 0; i < 600; i++) {
      const [clock, lateness] = i % 2 === 0 ? [realClock, withSpin] : [spinOff, withoutSpin];
      // Fractional targets, so timers, re-arms and the spin all get exercised.
      const targetMs = clock.now() + 2 + ((i * 0.37) % 3);
      await clock.sleepUntil(targetMs);
      lateness.push(clock.now() - targetMs);
    }
    expect(Math.min(...withSpin, ...withoutSpin)).toBeGreaterThanOrEqual(0);
    const precise = (latenessMs: number[]) => latenessMs.filter((ms) => ms < 0.05).length;
    await context.annotate(
      `wakes within 0.05 ms: ${precise(withSpin)} of 300 with the spin, ` +
        `${precise(withoutSpin)} of 300 without`,
    );
    // Measured of 300: 170-178 with the spin on the shared machine, 43-46 beside two busy
    // loops; 0-6 without the spin either way.
    expect(precise(withSpin)).toBeGreaterThanOrEqual(15);
    expect(precise(withSpin)).toBeGreaterThan(3 * precise(withoutSpin));
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
    // Each sleep 1 ms from now, not on a fixed grid: a preempted process must not find its
    // later targets already past (those sleeps would not wait, and would not count).
    for (let i = 1; i <= 300; i++) await clock.sleepUntil(clock.now() + 1);
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
