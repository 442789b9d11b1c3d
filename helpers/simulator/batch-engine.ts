import type { Clock } from './clock.js';
import { FifoQueue } from './fifo-queue.js';
import type { PreciseTimer } from './precise-timer.js';
import { RecentSamples, type RecentSummary } from './recent-samples.js';
import type { SimulatorOptions } from './simulator-options.js';
import { decodeIntervalMs, nextStepTargetMs, prefillMs } from './timing-model.js';

/** What the engine needs to know about one request. */
export interface SequenceSpec {
  promptTokens: number;
  /** Tokens to emit, at least 1. */
  outputTokens: number;
  /** Pause of `stallMs` after `afterTokens` tokens (0: before the first), or null. */
  stall: { afterTokens: number; stallMs: number } | null;
}

/** Callbacks of one sequence; they run synchronously inside the engine. */
export interface SequenceListener {
  /** Took a slot at `admittedMs` after `queueMs` in the queue; return false to stop. */
  admitted(admittedMs: number, queueMs: number): boolean;
  /** Token `index` (from 0) is due; the engine step aimed at `targetMs`. Return false to stop. */
  token(index: number, targetMs: number): boolean;
  /** The last token was emitted and the slot is free. */
  finished(targetMs: number): void;
}

export interface SequenceHandle {
  /** Stops the sequence (client went away); frees its slot or queue place. Idempotent. */
  cancel(): void;
}

export type EngineOptions = Pick<
  SimulatorOptions,
  | 'slots'
  | 'queueLimit'
  | 'prefillBaseMs'
  | 'prefillPerTokenMs'
  | 'extraTtftMs'
  | 'decodeBaseMs'
  | 'decodePerActiveMs'
>;

export interface EngineStats {
  /** Sequences waiting in the FIFO queue. */
  queued: number;
  /** Sequences holding a slot (prefill, decode or stall). */
  active: number;
  /** Sequences that emit a token every step. */
  decoding: number;
  /** Steps run so far. */
  steps: number;
  /** How late steps started after their target, over the last 4096 steps. */
  stepLateMs: RecentSummary;
}

type SequenceState = 'queued' | 'waiting' | 'decoding' | 'done';

interface Sequence {
  readonly spec: SequenceSpec;
  readonly listener: SequenceListener;
  readonly submittedMs: number;
  state: SequenceState;
  emitted: number;
  /** When a waiting sequence (prefill or stall) may emit again. */
  readyAtMs: number;
}

/**
 * A continuous-batching server model: `slots` sequences run at once, the rest wait in a
 * FIFO queue. One step loop serves every sequence: each step emits one token to every
 * decoding sequence, then the next step is due one decode interval later. A sequence
 * leaving prefill (or a stall) joins at the first step at or after its ready time; when
 * nothing is decoding, a step starts exactly at the earliest ready time.
 */
export class BatchEngine {
  readonly #options: EngineOptions;
  readonly #clock: Clock;
  readonly #timer: PreciseTimer;
  readonly #queue = new FifoQueue<Sequence>();
  #queued = 0;
  #active = 0;
  #waiting: Sequence[] = [];
  #decoding: Sequence[] = [];
  #decodingLive = 0;
  #nextStepMs = 0;
  #inStep = false;
  #admitting = false;
  #closed = false;
  #steps = 0;
  readonly #late = new RecentSamples();

  constructor(options: EngineOptions, clock: Clock, timer: PreciseTimer) {
    this.#options = options;
    this.#clock = clock;
    this.#timer = timer;
  }

  /** False when the queue is at `queueLimit` and every slot is busy. */
  hasRoom(): boolean {
    const { slots, queueLimit } = this.#options;
    return this.#active < slots || queueLimit === 0 || this.#queued < queueLimit;
  }

  /** Admits at once when a slot is free and nobody queues (calling `admitted` now), else queues. */
  submit(spec: SequenceSpec, listener: SequenceListener): SequenceHandle {
    if (this.#closed) throw new Error('BatchEngine.submit: the engine is closed');
    const now = this.#clock.now();
    const sequence: Sequence = {
      spec,
      listener,
      submittedMs: now,
      state: 'queued',
      emitted: 0,
      readyAtMs: 0,
    };
    this.#queue.push(sequence);
    this.#queued++;
    this.#admitNext();
    return { cancel: () => this.#cancel(sequence) };
  }

  stats(): EngineStats {
    return {
      queued: this.#queued,
      active: this.#active,
      decoding: this.#decodingLive,
      steps: this.#steps,
      stepLateMs: this.#late.summary(),
    };
  }

  /** Stops the loop and forgets every sequence without calling their listeners. */
  close(): void {
    this.#closed = true;
    this.#timer.cancel();
    for (const sequence of [...this.#waiting, ...this.#decoding]) sequence.state = 'done';
    for (let s = this.#queue.shift(); s !== undefined; s = this.#queue.shift()) s.state = 'done';
    this.#waiting = [];
    this.#decoding = [];
    this.#queued = 0;
    this.#active = 0;
    this.#decodingLive = 0;
  }

  #admitNext(): void {
    // Listeners may cancel inside `admitted`, which frees a slot again: loop, don't recurse.
    if (this.#admitting) return;
    this.#admitting = true;
    try {
      while (this.#active < this.#options.slots && this.#queued > 0 && !this.#closed) {
        const sequence = this.#queue.shift();
        if (sequence === undefined) break;
        if (sequence.state !== 'queued') continue; // cancelled while queued
        this.#queued--;
        this.#admit(sequence);
      }
    } finally {
      this.#admitting = false;
    }
  }

  #admit(sequence: Sequence): void {
    const now = this.#clock.now();
    const { stall } = sequence.spec;
    sequence.state = 'waiting';
    sequence.readyAtMs =
      now +
      prefillMs(this.#options, sequence.spec.promptTokens) +
      (stall !== null && stall.afterTokens === 0 ? stall.stallMs : 0);
    this.#active++;
    this.#waiting.push(sequence);
    this.#wakeBy(sequence.readyAtMs);
    if (!sequence.listener.admitted(now, now - sequence.submittedMs)) this.#cancel(sequence);
  }

  /** Cheap path for admissions: only ever pulls the wake-up earlier (no scan of `waiting`). */
  #wakeBy(readyAtMs: number): void {
    if (this.#inStep || this.#closed || this.#decodingLive > 0) return;
    const armed = this.#timer.targetMs;
    if (armed === null || readyAtMs < armed) this.#timer.at(readyAtMs, () => this.#step(readyAtMs));
  }

  #cancel(sequence: Sequence): void {
    switch (sequence.state) {
      case 'done':
        return;
      case 'queued':
        // Left in the queue array and skipped when reached.
        this.#queued--;
        sequence.state = 'done';
        return;
      case 'waiting': {
        const at = this.#waiting.indexOf(sequence);
        if (at !== -1) this.#waiting.splice(at, 1);
        break;
      }
      case 'decoding':
        // Dropped from the decoding array at the next step.
        this.#decodingLive--;
        break;
    }
    sequence.state = 'done';
    this.#active--;
    this.#admitNext();
    this.#reschedule();
  }

  #reschedule(): void {
    if (this.#inStep || this.#closed) return;
    let targetMs: number | null = null;
    if (this.#decodingLive > 0) {
      targetMs = this.#nextStepMs;
    } else {
      for (const sequence of this.#waiting) {
        if (targetMs === null || sequence.readyAtMs < targetMs) targetMs = sequence.readyAtMs;
      }
    }
    if (targetMs === null) {
      this.#timer.cancel();
    } else if (this.#timer.targetMs !== targetMs) {
      const target = targetMs;
      this.#timer.at(target, () => this.#step(target));
    }
  }

  #step(targetMs: number): void {
    const startedMs = this.#clock.now();
    this.#inStep = true;
    this.#steps++;
    this.#late.add(startedMs - targetMs);

    // Sequences whose prefill or stall is over join this step.
    let keep = 0;
    for (const sequence of this.#waiting) {
      if (sequence.readyAtMs <= targetMs) {
        sequence.state = 'decoding';
        this.#decoding.push(sequence);
        this.#decodingLive++;
      } else {
        this.#waiting[keep++] = sequence;
      }
    }
    this.#waiting.length = keep;

    // One token to every decoding sequence, compacting the array in place.
    const decoding = this.#decoding;
    const count = decoding.length;
    let write = 0;
    for (let i = 0; i < count; i++) {
      const sequence = decoding[i] as Sequence;
      if (sequence.state !== 'decoding') continue;
      const index = sequence.emitted++;
      if (!sequence.listener.token(index, targetMs)) {
        this.#cancel(sequence);
        continue;
      }
      if (sequence.state !== 'decoding') continue;
      if (sequence.emitted >= sequence.spec.outputTokens) {
        sequence.state = 'done';
        this.#decodingLive--;
        this.#active--;
        sequence.listener.finished(targetMs);
        this.#admitNext();
        continue;
      }
      const { stall } = sequence.spec;
      if (stall !== null && sequence.emitted === stall.afterTokens) {
        sequence.state = 'waiting';
        sequence.readyAtMs = targetMs + stall.stallMs;
        this.#decodingLive--;
        this.#waiting.push(sequence);
        continue;
      }
      decoding[write++] = sequence;
    }
    decoding.length = write;
    this.#inStep = false;

    if (this.#decodingLive > 0) {
      const intervalMs = decodeIntervalMs(this.#options, this.#active);
      this.#nextStepMs = nextStepTargetMs(targetMs, startedMs, intervalMs);
    }
    this.#reschedule();
  }
}
