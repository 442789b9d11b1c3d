import { describe, expect, it } from 'vitest';
import { constantArrivalRate } from './arrival-schedule.js';
import { planArrivals } from './plan-arrivals.js';
import { createRealClock, realClock } from './real-clock.js';
import { runArrivals } from './run-arrivals.js';

// Wall-clock timing: left out of mutation runs (vitest.mutation.config.ts), where
// instrumented code makes it slow and its 12 rounds of 250 ms pass the 3 s test timeout.
describe('runArrivals with the real clock', () => {
  it('starts iterations on time, within 0.05 ms far more often than with the clock spin off', async (context) => {
    // Runs alternate between the shared clock and one with the spin off, so both see the same
    // machine; the spin shows in the starts a busy machine did not preempt.
    const spinOff = createRealClock({ spinMs: 0 });
    const lags = { withSpin: [] as number[], withoutSpin: [] as number[] };
    let earliestStartMs = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 12; round++) {
      const withSpin = round % 2 === 0;
      const result = await runArrivals({
        // 50 arrivals 5 ms apart: a spin demand of ~0.2, under the default maxSpinShare.
        arrivals: planArrivals(constantArrivalRate(200, 250), { kind: 'even' }),
        // Room for every arrival: a preempted process starts the ones due all at once.
        maxInFlight: 100,
        clock: withSpin ? realClock : spinOff,
        iterate: async (ctx) => {
          earliestStartMs = Math.min(earliestStartMs, performance.now() - ctx.scheduledMs);
          (withSpin ? lags.withSpin : lags.withoutSpin).push(ctx.scheduleLagMs);
        },
      });
      expect(result.started).toBe(50);
      expect(result.durationMs).toBeGreaterThanOrEqual(250);
    }
    expect(earliestStartMs).toBeGreaterThanOrEqual(0);
    const onTime = (lagsMs: number[]) => lagsMs.filter((ms) => ms < 0.05).length;
    await context.annotate(
      `starts within 0.05 ms: ${onTime(lags.withSpin)} of 300 with the spin, ` +
        `${onTime(lags.withoutSpin)} of 300 without`,
    );
    // Measured of 300: 140-153 with the spin on the shared machine, 25-40 beside two busy
    // loops; 4-9 without the spin either way.
    expect(onTime(lags.withSpin)).toBeGreaterThanOrEqual(12);
    expect(onTime(lags.withSpin)).toBeGreaterThanOrEqual(2 * onTime(lags.withoutSpin));
  });

  it('lets a timer run within milliseconds when a plan is far faster than the process', async () => {
    // 2 million arrivals due within 2 ms: the runner is behind from the first one. Without
    // bounded turns it would handle all of them (about a second) before any timer ran.
    const total = 2_000_000;
    const controller = new AbortController();
    const armedMs = performance.now();
    let timerLateMs = Number.NaN;
    setTimeout(() => {
      timerLateMs = performance.now() - armedMs;
      controller.abort(new Error('stop from a timer'));
    }, 0);
    const result = await runArrivals({
      arrivals: planArrivals(constantArrivalRate(1e9, 2), { kind: 'even' }),
      maxInFlight: 50,
      clock: realClock,
      signal: controller.signal,
      iterate: async () => {},
    });
    expect(result.end).toMatchObject({ kind: 'stopped', reason: 'stop from a timer' });
    expect(result.scheduled).toBeLessThan(total);
    expect(result.scheduled).toBe(result.started + result.dropped);
    // A turn lasts about 2 ms; 250 ms leaves room for a shared machine's stalls.
    expect(timerLateMs).toBeLessThan(250);
  });
});
