import { describe, expect, it } from 'vitest';
import { runClosedLoop } from './closed-loop.js';

describe('runClosedLoop', () => {
  it('stops starting iterations at the count bound', async () => {
    let started = 0;
    const result = await runClosedLoop({
      workers: 4,
      durationMs: 60_000,
      maxIterations: 10,
      graceMs: 1000,
      iterate: async () => {
        started++;
      },
    });
    expect(started).toBe(10);
    expect(result.completed).toBe(10);
  });

  it('stops starting iterations once the duration is over', async () => {
    const result = await runClosedLoop({
      workers: 2,
      durationMs: 50,
      maxIterations: 1_000_000,
      graceMs: 1000,
      iterate: () => new Promise((resolve) => setTimeout(resolve, 5)),
    });
    expect(result.completed).toBeGreaterThan(0);
    expect(result.completed).toBeLessThan(100);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(50);
  });

  it('counts rejections as errors and keeps the first message', async () => {
    let i = 0;
    const result = await runClosedLoop({
      workers: 1,
      durationMs: 60_000,
      maxIterations: 3,
      graceMs: 1000,
      iterate: async () => {
        i++;
        if (i > 1) throw new Error(`failure ${i}`);
      },
    });
    expect(result).toMatchObject({ completed: 1, errors: 2, firstError: 'failure 2' });
  });

  it('aborts iterations still running after the grace period', async () => {
    const result = await runClosedLoop({
      workers: 1,
      durationMs: 10,
      maxIterations: 1,
      graceMs: 20,
      iterate: (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted by the loop')));
        }),
    });
    expect(result).toMatchObject({ completed: 0, errors: 1, firstError: 'aborted by the loop' });
  });
});
