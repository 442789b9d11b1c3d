import { describe, expect, it } from 'vitest';
import { checkGoal, type GoalSpec } from './goal-check.js';

const spec = (actual: number, op: GoalSpec['op'], limit: number): GoalSpec => ({
  id: 'x',
  description: 'x',
  actual,
  op,
  limit,
  unit: 'ms',
});

describe('checkGoal', () => {
  it('meets a strict limit only below it', () => {
    expect(checkGoal(spec(1.99, '<', 2)).met).toBe(true);
    expect(checkGoal(spec(2, '<', 2)).met).toBe(false);
  });

  it('meets an inclusive limit at it', () => {
    expect(checkGoal(spec(1, '<=', 1)).met).toBe(true);
    expect(checkGoal(spec(0.5, '>=', 0.5)).met).toBe(true);
    expect(checkGoal(spec(0.49, '>=', 0.5)).met).toBe(false);
    expect(checkGoal(spec(0.5, '>', 0.5)).met).toBe(false);
  });

  it('never meets a goal when nothing was measured (NaN)', () => {
    expect(checkGoal(spec(Number.NaN, '<', 2)).met).toBe(false);
    expect(checkGoal(spec(Number.NaN, '>=', 0)).met).toBe(false);
  });

  it('keeps the spec fields on the check', () => {
    expect(checkGoal(spec(3, '<', 2))).toMatchObject({ actual: 3, limit: 2, unit: 'ms', op: '<' });
  });
});
