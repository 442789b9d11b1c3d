import { describe, expect, it } from 'vitest';
import { FifoQueue } from './fifo-queue.js';

describe('FifoQueue', () => {
  it('returns items in insertion order and undefined when empty', () => {
    const queue = new FifoQueue<number>();
    queue.push(1);
    queue.push(2);
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual([1, 2, undefined]);
  });

  it('keeps order across its internal compaction', () => {
    const queue = new FifoQueue<number>();
    for (let i = 0; i < 5000; i++) queue.push(i);
    const out: number[] = [];
    for (let i = 0; i < 3000; i++) out.push(queue.shift() as number);
    for (let i = 5000; i < 6000; i++) queue.push(i);
    while (queue.length > 0) out.push(queue.shift() as number);
    expect(out).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  });
});
