import { describe, expect, it } from 'vitest';
import type { CaseReport, CaseResult } from './bench-case.js';
import { benchResultsFile, missingFigures } from './bench-results.js';
import { checkGoal } from './goal-check.js';

const report = (overrides: Partial<CaseReport> = {}): CaseReport => ({
  figures: { x: 1 },
  rows: [{ label: 'x', value: '1 ms' }],
  goals: [],
  notes: [],
  ...overrides,
});

describe('missingFigures', () => {
  it('accepts a report with figures and measured goals', () => {
    const goal = checkGoal({ id: 'g', description: 'g', actual: 1, op: '<', limit: 2, unit: '' });
    expect(missingFigures(report({ goals: [goal] }))).toEqual([]);
  });

  it('names rows without a value and goals that measured nothing', () => {
    const goal = checkGoal({
      id: 'g',
      description: 'ttft p99',
      actual: Number.NaN,
      op: '<',
      limit: 2,
      unit: 'ms',
    });
    expect(
      missingFigures(
        report({
          rows: [
            { label: 'a', value: '' },
            { label: 'b', value: 'n/a / 3 ms' },
          ],
          goals: [goal],
        }),
      ),
    ).toEqual(['"a" has no value', '"b" has no value', 'goal "ttft p99" measured nothing']);
  });

  it('refuses a report without rows', () => {
    expect(missingFigures(report({ rows: [] }))).toEqual(['no figures']);
  });
});

describe('benchResultsFile', () => {
  it('counts cases and goals and writes NaN as null', () => {
    const goal = checkGoal({ id: 'g', description: 'g', actual: 3, op: '<', limit: 2, unit: '' });
    const results: CaseResult[] = [
      {
        status: 'ran',
        name: 'micro',
        title: 'micro',
        durationMs: 1,
        machine: { loadAverage1m: 1, cpuPressurePct: null },
        report: report({ figures: { nothing: Number.NaN }, goals: [goal] }),
      },
      {
        status: 'crashed',
        name: 'memory',
        title: 'memory',
        durationMs: 1,
        machine: { loadAverage1m: 1, cpuPressurePct: 2 },
        error: 'x',
      },
    ];
    const file = benchResultsFile(results, {
      mode: 'quick',
      startedAt: '2026-11-28T00:00:00.000Z',
      durationMs: 5,
      loadAverage1m: { start: 1, end: 2 },
    });
    expect(file.summary).toEqual({ ran: 1, crashed: 1, goalsMet: 0, goalsMissed: 1 });
    expect(file.format).toBe('llm-perf-bench');
    expect(file.machine.node).toBe(process.version);
    const json = JSON.parse(JSON.stringify(file)) as { cases: { report?: { figures: object } }[] };
    expect(json.cases[0]?.report?.figures).toEqual({ nothing: null });
  });
});
