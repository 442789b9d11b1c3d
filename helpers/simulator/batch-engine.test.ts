import { describe, expect, it } from 'vitest';
import {
  BatchEngine,
  type EngineOptions,
  type SequenceListener,
  type SequenceSpec,
} from './batch-engine.js';
import type { Clock } from './clock.js';
import type { PreciseTimer } from './precise-timer.js';

/** Virtual time: a clock and a timer that fire only when the test advances time. */
class VirtualTime implements Clock, PreciseTimer {
  nowMs = 0;
  /** Added to the clock when the next callback fires, to simulate a late step. */
  lateByMs = 0;
  #target: number | null = null;
  #callback: (() => void) | null = null;

  now(): number {
    return this.nowMs;
  }
  at(targetMs: number, callback: () => void): void {
    this.#target = targetMs;
    this.#callback = callback;
  }
  cancel(): void {
    this.#target = null;
    this.#callback = null;
  }
  get targetMs(): number | null {
    return this.#target;
  }
  /** Fires every due callback up to `limitMs`, then sets the clock to `limitMs`. */
  runUntil(limitMs: number): void {
    while (this.#target !== null && this.#target <= limitMs) {
      this.nowMs = Math.max(this.nowMs, this.#target) + this.lateByMs;
      this.lateByMs = 0;
      const callback = this.#callback as () => void;
      this.#target = null;
      this.#callback = null;
      callback();
    }
    this.nowMs = Math.max(this.nowMs, limitMs);
  }
}

interface Trace {
  admittedMs: number | null;
  queueMs: number | null;
  tokenMs: number[];
  finishedMs: number | null;
}

function traced(stopAfterTokens = Number.POSITIVE_INFINITY): {
  trace: Trace;
  listener: SequenceListener;
} {
  const trace: Trace = { admittedMs: null, queueMs: null, tokenMs: [], finishedMs: null };
  return {
    trace,
    listener: {
      admitted(admittedMs, queueMs) {
        trace.admittedMs = admittedMs;
        trace.queueMs = queueMs;
        return true;
      },
      token(_index, targetMs) {
        trace.tokenMs.push(targetMs);
        return trace.tokenMs.length < stopAfterTokens;
      },
      finished(targetMs) {
        trace.finishedMs = targetMs;
      },
    },
  };
}

// prefill = 20 + 0.5 x 10 prompt tokens = 25 ms; decode interval = 10 + 1 x active.
const OPTIONS: EngineOptions = {
  slots: 2,
  queueLimit: 0,
  prefillBaseMs: 20,
  prefillPerTokenMs: 0.5,
  extraTtftMs: 0,
  decodeBaseMs: 10,
  decodePerActiveMs: 1,
};
const spec = (outputTokens: number, stall: SequenceSpec['stall'] = null): SequenceSpec => ({
  promptTokens: 10,
  outputTokens,
  stall,
});

function setup(options: Partial<EngineOptions> = {}): { time: VirtualTime; engine: BatchEngine } {
  const time = new VirtualTime();
  return { time, engine: new BatchEngine({ ...OPTIONS, ...options }, time, time) };
}

describe('BatchEngine', () => {
  it('emits the first token after prefill, then one token per decode interval', () => {
    const { time, engine } = setup();
    const a = traced();
    engine.submit(spec(4), a.listener);
    time.runUntil(1000);
    expect(a.trace.admittedMs).toBe(0);
    expect(a.trace.tokenMs).toEqual([25, 36, 47, 58]);
    expect(a.trace.finishedMs).toBe(58);
  });

  it('adds the extra TTFT to the prefill', () => {
    const { time, engine } = setup({ extraTtftMs: 100 });
    const a = traced();
    engine.submit(spec(1), a.listener);
    time.runUntil(1000);
    expect(a.trace.tokenMs).toEqual([125]);
  });

  it('queues beyond the slots and admits in FIFO order when a slot frees', () => {
    const { time, engine } = setup({ slots: 1 });
    const a = traced();
    const b = traced();
    const c = traced();
    engine.submit(spec(3), a.listener);
    engine.submit(spec(1), b.listener);
    engine.submit(spec(1), c.listener);
    expect(engine.stats()).toMatchObject({ queued: 2, active: 1 });
    time.runUntil(1000);
    expect(a.trace.tokenMs).toEqual([25, 36, 47]);
    expect(b.trace.admittedMs).toBe(47);
    expect(b.trace.queueMs).toBe(47);
    expect(b.trace.tokenMs).toEqual([72]);
    expect(c.trace.admittedMs).toBe(72);
    expect(c.trace.tokenMs).toEqual([97]);
  });

  it('serves all decoding sequences in one step whose interval grows with active sequences', () => {
    const { time, engine } = setup();
    const a = traced();
    const b = traced();
    engine.submit(spec(3), a.listener);
    engine.submit(spec(3), b.listener);
    time.runUntil(1000);
    // Two active: interval 12 ms.
    expect(a.trace.tokenMs).toEqual([25, 37, 49]);
    expect(b.trace.tokenMs).toEqual([25, 37, 49]);
  });

  it('lets a sequence whose prefill ends mid-interval join at the next step', () => {
    const { time, engine } = setup();
    const a = traced();
    const b = traced();
    engine.submit(spec(6), a.listener);
    time.runUntil(30);
    engine.submit(spec(2), b.listener); // ready at 55
    time.runUntil(1000);
    // Steps: 25 (1 active -> +11), 36 (2 active -> +12), 48, 60, ...
    expect(a.trace.tokenMs.slice(0, 4)).toEqual([25, 36, 48, 60]);
    expect(b.trace.tokenMs[0]).toBe(60);
  });

  it('pauses a stalled sequence and resumes it at the stall end', () => {
    const { time, engine } = setup();
    const a = traced();
    engine.submit(spec(4, { afterTokens: 2, stallMs: 100 }), a.listener);
    time.runUntil(1000);
    expect(a.trace.tokenMs).toEqual([25, 36, 136, 147]);
  });

  it('stalls before the first token when the stall is after 0 tokens', () => {
    const { time, engine } = setup();
    const a = traced();
    engine.submit(spec(1, { afterTokens: 0, stallMs: 100 }), a.listener);
    time.runUntil(1000);
    expect(a.trace.tokenMs).toEqual([125]);
  });

  it('frees the slot of a cancelled sequence for the next in the queue', () => {
    const { time, engine } = setup({ slots: 1 });
    const a = traced();
    const b = traced();
    const handle = engine.submit(spec(10), a.listener);
    engine.submit(spec(1), b.listener);
    time.runUntil(5);
    handle.cancel();
    expect(b.trace.admittedMs).toBe(5);
    time.runUntil(1000);
    expect(a.trace.tokenMs).toEqual([]);
    expect(b.trace.tokenMs).toEqual([30]);
  });

  it('stops a sequence whose listener returns false and frees its slot', () => {
    const { time, engine } = setup({ slots: 1 });
    const a = traced(2);
    const b = traced();
    engine.submit(spec(10), a.listener);
    engine.submit(spec(1), b.listener);
    time.runUntil(1000);
    expect(a.trace.tokenMs).toEqual([25, 36]);
    expect(a.trace.finishedMs).toBeNull();
    expect(b.trace.admittedMs).toBe(36);
  });

  it('skips a sequence cancelled while queued', () => {
    const { time, engine } = setup({ slots: 1 });
    const a = traced();
    const b = traced();
    const c = traced();
    engine.submit(spec(1), a.listener);
    engine.submit(spec(1), b.listener).cancel();
    engine.submit(spec(1), c.listener);
    expect(engine.stats().queued).toBe(1);
    time.runUntil(1000);
    expect(b.trace.admittedMs).toBeNull();
    expect(c.trace.admittedMs).toBe(25);
  });

  it('reports no room when the queue is at its limit and every slot is busy', () => {
    const { engine } = setup({ slots: 1, queueLimit: 1 });
    engine.submit(spec(1), traced().listener);
    expect(engine.hasRoom()).toBe(true);
    engine.submit(spec(1), traced().listener);
    expect(engine.hasRoom()).toBe(false);
  });

  it('records how late each step started and rebases the grid after a late step', () => {
    const { time, engine } = setup();
    const a = traced();
    engine.submit(spec(3), a.listener);
    time.runUntil(30); // step at 25 on time
    time.lateByMs = 9; // step due at 36 starts at 45, more than half an interval late
    time.runUntil(1000);
    expect(a.trace.tokenMs).toEqual([25, 36, 56]);
    expect(engine.stats().stepLateMs.maxMs).toBe(9);
    expect(engine.stats().steps).toBe(3);
  });

  it('calls no listener after close', () => {
    const { time, engine } = setup();
    const a = traced();
    engine.submit(spec(3), a.listener);
    engine.close();
    time.runUntil(1000);
    expect(a.trace.tokenMs).toEqual([]);
    expect(() => engine.submit(spec(1), traced().listener)).toThrow(/closed/);
  });
});
