import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.js';

describe('createFakeClock wake order', () => {
  it('wakes the sleepers a jump makes due in target order, whatever order they slept in', async () => {
    const clock = createFakeClock();
    const woke: number[] = [];
    for (const target of [15, 5, 10]) void clock.sleepUntil(target).then(() => woke.push(target));
    await clock.jumpTo(20);
    expect(woke).toEqual([5, 10, 15]);
  });

  it('wakes sleepers with the same target in the order they slept', async () => {
    const clock = createFakeClock();
    const woke: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) void clock.sleepUntil(10).then(() => woke.push(name));
    await clock.jumpTo(10);
    expect(woke).toEqual(['a', 'b', 'c', 'd']);
  });

  it('advances to the earliest sleeper, whatever order they slept in', async () => {
    const clock = createFakeClock();
    const woke: Array<[number, number]> = [];
    for (const target of [30, 10, 20])
      void clock.sleepUntil(target).then(() => woke.push([target, clock.now()]));
    await clock.advanceTo(15);
    expect(woke).toEqual([[10, 10]]);
    await clock.advanceTo(40);
    expect(woke).toEqual([
      [10, 10],
      [20, 20],
      [30, 30],
    ]);
  });

  it('removes its abort listener from the signal once the sleeper wakes', async () => {
    const clock = createFakeClock();
    const controller = new AbortController();
    const sleep = clock.sleepUntil(10, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await clock.advanceTo(10);
    await sleep;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('resolves at once, without a sleeper, when the signal is already aborted', async () => {
    const clock = createFakeClock();
    await clock.sleepUntil(1000, AbortSignal.abort());
    expect(clock.pendingSleepers()).toBe(0);
    expect(clock.now()).toBe(0);
  });
});

describe('createFakeClock autoAdvance', () => {
  it('advances again only after a full event-loop turn: a timer already due runs before it', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    let timerSawMs = Number.NaN;
    const first = clock.sleepUntil(10).then(() => {
      setTimeout(() => {
        timerSawMs = clock.now();
      }, 1);
      // Make the 1 ms timer due before the event loop's next turn.
      const untilMs = performance.now() + 5;
      while (performance.now() < untilMs) {}
    });
    const second = clock.sleepUntil(20);
    await Promise.all([first, second]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(timerSawMs).toBe(10);
  });

  it('keeps its time when the only sleeper aborts before the clock advances', async () => {
    const clock = createFakeClock({ startMs: 5, autoAdvance: true });
    const controller = new AbortController();
    const sleep = clock.sleepUntil(100, controller.signal);
    controller.abort();
    await sleep;
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.now()).toBe(5);
  });

  it('wakes sleepers that nothing else wakes, one after another', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    const woke: number[] = [];
    await Promise.all(
      [10, 20, 30].map((target) => clock.sleepUntil(target).then(() => woke.push(clock.now()))),
    );
    expect(woke).toEqual([10, 20, 30]);
  });
});
