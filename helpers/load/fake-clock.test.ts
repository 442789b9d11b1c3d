import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.js';

describe('createFakeClock', () => {
  it('starts at startMs and maps time to epoch ms', () => {
    const clock = createFakeClock({ startMs: 100, epochAtZeroMs: 1_700_000_000_000 });
    expect(clock.now()).toBe(100);
    expect(clock.toEpochMs(clock.now())).toBe(1_700_000_000_100);
  });

  it('wakes sleepers in target order, each at its own target time', async () => {
    const clock = createFakeClock();
    const woke: Array<[string, number]> = [];
    void clock.sleepUntil(30).then(() => woke.push(['b', clock.now()]));
    void clock.sleepUntil(10).then(() => woke.push(['a', clock.now()]));
    await clock.advanceTo(25);
    expect(woke).toEqual([['a', 10]]);
    expect(clock.now()).toBe(25);
    await clock.advanceBy(5);
    expect(woke).toEqual([
      ['a', 10],
      ['b', 30],
    ]);
  });

  it('honours sleepers added while advancing', async () => {
    const clock = createFakeClock();
    const woke: number[] = [];
    void clock
      .sleepUntil(10)
      .then(() => clock.sleepUntil(15))
      .then(() => woke.push(clock.now()));
    await clock.advanceTo(100);
    expect(woke).toEqual([15]);
  });

  it('resolves at once for a target already passed', async () => {
    const clock = createFakeClock({ startMs: 50 });
    await clock.sleepUntil(50);
    await clock.sleepUntil(10);
    expect(clock.pendingSleepers()).toBe(0);
  });

  it('wakes every due sleeper at the jump time when jumping', async () => {
    const clock = createFakeClock();
    const woke: number[] = [];
    for (const target of [5, 10, 15])
      void clock.sleepUntil(target).then(() => woke.push(clock.now()));
    await clock.jumpTo(12);
    expect(woke).toEqual([12, 12]);
    expect(clock.pendingSleepers()).toBe(1);
  });

  it('resolves a sleeper early when its signal aborts, and forgets it', async () => {
    const clock = createFakeClock();
    const controller = new AbortController();
    const sleep = clock.sleepUntil(1000, controller.signal);
    controller.abort();
    await sleep;
    expect(clock.now()).toBe(0);
    expect(clock.pendingSleepers()).toBe(0);
  });

  it('advances by itself to the next sleeper when autoAdvance is on', async () => {
    const clock = createFakeClock({ autoAdvance: true });
    await clock.sleepUntil(60_000);
    expect(clock.now()).toBe(60_000);
  });

  it('never advances by itself when autoAdvance is off', async () => {
    const clock = createFakeClock();
    let woke = false;
    void clock.sleepUntil(1).then(() => {
      woke = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(woke).toBe(false);
    expect(clock.now()).toBe(0);
  });
});
