import { describe, expect, it } from 'vitest';
import { FloatColumn } from './float-column.js';

describe('FloatColumn', () => {
  it('keeps every value pushed past its initial capacity, in order', () => {
    const column = new FloatColumn(2);
    for (const value of [1.5, 2.5, 3.5, 4.5, 5.5]) column.push(value);
    expect(column.length).toBe(5);
    expect([...column.toArray()]).toEqual([1.5, 2.5, 3.5, 4.5, 5.5]);
  });

  it('grows from a capacity of 0 as from 1', () => {
    const column = new FloatColumn(0);
    column.push(7);
    column.push(8);
    expect([...column.toArray()]).toEqual([7, 8]);
  });

  it('keeps more values than its default capacity of 1024', () => {
    const column = new FloatColumn();
    for (let i = 0; i < 3000; i++) column.push(i);
    const values = column.toArray();
    expect(values).toHaveLength(3000);
    expect([values[0], values[1024], values[2999]]).toEqual([0, 1024, 2999]);
  });

  it('returns a copy: later pushes do not change an array already taken', () => {
    const column = new FloatColumn(4);
    column.push(1);
    const before = column.toArray();
    column.push(2);
    expect([...before]).toEqual([1]);
  });
});
