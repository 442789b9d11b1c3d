import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.js';
import { LoadConfigError } from './load-config-error.js';
import { type RunArrivalsOptions, runArrivals, startArrivals } from './run-arrivals.js';

const issuesOf = (options: RunArrivalsOptions): unknown => {
  try {
    startArrivals(options);
  } catch (error) {
    return error instanceof LoadConfigError ? error.issues : error;
  }
  return [];
};

describe('runArrivals options', () => {
  it('names every invalid option with its code, value and fix', () => {
    expect(
      issuesOf({
        arrivals: { durationMs: -1, offsetsMs: [] },
        maxInFlight: 1.5,
        gracefulStopMs: -1,
        maxErrorSamples: 0.5,
        maxArrivalsPerTurn: 2.5,
        maxTurnMs: -1,
        iterate: async () => {},
      }),
    ).toEqual([
      {
        code: 'not-integer',
        field: 'maxInFlight',
        value: 1.5,
        fix: 'use an integer >= 1 iterations',
      },
      { code: 'negative', field: 'gracefulStopMs', value: -1, fix: 'use a number >= 0 ms' },
      { code: 'not-integer', field: 'maxErrorSamples', value: 0.5, fix: 'use an integer >= 0' },
      {
        code: 'not-integer',
        field: 'maxArrivalsPerTurn',
        value: 2.5,
        fix: 'use an integer >= 1 arrivals',
      },
      { code: 'negative', field: 'maxTurnMs', value: -1, fix: 'use a number >= 0 ms' },
      { code: 'negative', field: 'arrivals.durationMs', value: -1, fix: 'use a number >= 0 ms' },
    ]);
  });

  it('accepts every option at its smallest value', () => {
    expect(
      issuesOf({
        arrivals: { durationMs: 0, offsetsMs: [] },
        maxInFlight: 1,
        gracefulStopMs: 0,
        maxErrorSamples: 0,
        maxArrivalsPerTurn: 1,
        maxTurnMs: 0,
        clock: createFakeClock(),
        iterate: async () => {},
      }),
    ).toEqual([]);
  });

  it('returns a rejected promise for invalid options instead of throwing', async () => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = runArrivals({
        arrivals: { durationMs: 10, offsetsMs: [] },
        maxInFlight: 0,
        iterate: async () => {},
      });
    }).not.toThrow();
    await expect(promise).rejects.toMatchObject({
      name: 'LoadConfigError',
      issues: [{ code: 'below-minimum', field: 'maxInFlight', value: 0 }],
    });
  });
});

describe('runArrivals arrival offsets', () => {
  const run = (offsetsMs: number[], durationMs: number) =>
    runArrivals({
      arrivals: { durationMs, offsetsMs },
      maxInFlight: 5,
      clock: createFakeClock({ autoAdvance: true }),
      iterate: async () => {},
    });

  it('calls an offset before the previous one out of order, naming the previous one', async () => {
    await expect(run([0, 20, 10], 30)).rejects.toMatchObject({
      issues: [
        {
          code: 'arrival-out-of-order',
          field: 'arrivals.offsetsMs[2]',
          value: 10,
          fix: 'offsets must ascend; the previous one was 20',
        },
      ],
    });
  });

  it('calls an offset equal to the previous one but at the end outside the schedule, not out of order', async () => {
    // offsetsMs[0] = 0 is not below the previous (0): it fails only for [0, 0).
    await expect(run([0], 0)).rejects.toMatchObject({
      issues: [
        {
          code: 'arrival-outside-schedule',
          field: 'arrivals.offsetsMs[0]',
          value: 0,
          fix: 'use an offset in [0, 0) ms (arrivals.durationMs)',
        },
      ],
    });
  });

  it('calls a NaN offset outside the schedule', async () => {
    await expect(run([0, Number.NaN], 30)).rejects.toMatchObject({
      issues: [{ code: 'arrival-outside-schedule', field: 'arrivals.offsetsMs[1]' }],
    });
  });
});
