import { describe, expect, it } from 'vitest';
import { createPreciseTimer } from './precise-timer.js';

const fireAt = (delayMs: number): Promise<{ targetMs: number; firedMs: number }> =>
  new Promise((resolve) => {
    const timer = createPreciseTimer();
    const targetMs = performance.now() + delayMs;
    timer.at(targetMs, () => resolve({ targetMs, firedMs: performance.now() }));
  });

describe('createPreciseTimer', () => {
  it('never fires before its target', async () => {
    for (let i = 0; i < 40; i++) {
      const { targetMs, firedMs } = await fireAt(0.3 + (i % 7) * 0.9);
      expect(firedMs).toBeGreaterThanOrEqual(targetMs);
    }
  });

  it('fires soon after its target on a quiet machine', async () => {
    const lateMs: number[] = [];
    for (let i = 0; i < 30; i++) {
      const { targetMs, firedMs } = await fireAt(2 + (i % 5));
      lateMs.push(firedMs - targetMs);
    }
    lateMs.sort((a, b) => a - b);
    // Median, so a few scheduler hiccups on the shared machine cannot fail the test.
    expect(lateMs[15]).toBeLessThan(2);
  });

  it('fires asynchronously even when the target has passed', () => {
    const timer = createPreciseTimer();
    let fired = false;
    timer.at(performance.now() - 5, () => {
      fired = true;
    });
    expect(fired).toBe(false);
    timer.cancel();
  });

  it('does not fire after cancel', async () => {
    const timer = createPreciseTimer();
    let fired = false;
    timer.at(performance.now() + 2, () => {
      fired = true;
    });
    timer.cancel();
    expect(timer.targetMs).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fired).toBe(false);
  });

  it('replaces the previous target when re-armed', async () => {
    const timer = createPreciseTimer();
    const fired: string[] = [];
    timer.at(performance.now() + 2, () => fired.push('first'));
    await new Promise<void>((resolve) =>
      timer.at(performance.now() + 4, () => {
        fired.push('second');
        resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fired).toEqual(['second']);
  });
});
