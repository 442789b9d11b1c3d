import { describe, expect, it } from 'vitest';
import type { CaseResult } from './bench-case.js';
import {
  formatBenchTable,
  formatFigure,
  formatMachineLoad,
  summaryLine,
} from './format-bench-table.js';
import { checkGoal } from './goal-check.js';

const machine = { loadAverage1m: 1.25, cpuPressurePct: 8.04 };

const ran: CaseResult = {
  status: 'ran',
  name: 'pacing',
  title: 'pacing',
  durationMs: 1000,
  machine,
  report: {
    figures: {},
    rows: [{ label: '200 req/s: lag p99', value: '0.4 ms' }],
    goals: [
      checkGoal({ id: 'a', description: 'lag p99', actual: 0.4, op: '<', limit: 2, unit: 'ms' }),
      checkGoal({ id: 'b', description: 'ratio', actual: 0.42, op: '>=', limit: 0.5, unit: '' }),
    ],
    notes: ['the server was busy'],
  },
};
const crashed: CaseResult = {
  status: 'crashed',
  name: 'ttft',
  title: 'ttft',
  durationMs: 5,
  machine: { loadAverage1m: 0.5, cpuPressurePct: null },
  error: 'boom: the server died\n    at stack frame',
};

describe('formatBenchTable', () => {
  const table = formatBenchTable([ran, crashed], 'full');
  const lines = table.split('\n');

  it('prints a header, then each figure and goal of a case on its own row', () => {
    expect(lines[0]).toMatch(/^case\s+measurement\s+value\s+goal$/);
    expect(lines[1]).toMatch(/^pacing\s+200 req\/s: lag p99\s+0\.4 ms$/);
    expect(table).toMatch(/pacing\s+machine during the case\s+load avg 1\.25, CPU pressure 8\.0 %/);
    expect(table).toMatch(/goal: lag p99\s+0\.400 ms\s+< 2\.00 ms: met/);
    expect(table).toMatch(/goal: ratio\s+0\.420\s+>= 0\.500: MISSED/);
  });

  it('pads every column to its widest cell', () => {
    const valueAt = lines[0]?.indexOf('value');
    const goalAt = lines[0]?.indexOf('goal');
    expect(lines[1]?.indexOf('0.4 ms')).toBe(valueAt);
    expect(lines.find((l) => l.includes('machine'))?.indexOf('load avg')).toBe(valueAt);
    expect(lines.find((l) => l.includes('goal: ratio'))?.indexOf('0.420')).toBe(valueAt);
    expect(lines.find((l) => l.includes('goal: ratio'))?.indexOf('>= 0.500')).toBe(goalAt);
  });

  it('shows a crashed case with the first line of its error only', () => {
    expect(table).toMatch(/ttft\s+CRASHED\s+boom: the server died/);
    expect(table).not.toContain('stack frame');
  });

  it('lists the notes and ends with the summary line', () => {
    expect(table).toContain('notes:\n  pacing: the server was busy');
    expect(lines.at(-2)).toBe('1 case ran, 1 crashed; goals: 1 met, 1 MISSED');
  });
});

describe('summaryLine', () => {
  it('says that quick mode does not judge goals', () => {
    expect(summaryLine([ran], 'quick')).toBe(
      '1 case ran, 0 crashed; goals: 1 met, 1 MISSED (quick mode: small counts, goals not judged)',
    );
  });
});

describe('formatFigure', () => {
  it('groups large numbers and keeps small ones readable', () => {
    expect(formatFigure(2_575_249.4)).toBe('2,575,249');
    expect(formatFigure(42.25)).toBe('42.3');
    expect(formatFigure(1.234)).toBe('1.23');
    expect(formatFigure(0.01234)).toBe('0.0123');
    expect(formatFigure(0.4996)).toBe('0.500');
    expect(formatFigure(0.496)).toBe('0.496');
    expect(formatFigure(0)).toBe('0');
    expect(formatFigure(Number.NaN)).toBe('n/a');
  });
});

describe('formatMachineLoad', () => {
  it('says n/a where CPU pressure is not available', () => {
    expect(formatMachineLoad({ loadAverage1m: 2, cpuPressurePct: null })).toBe(
      'load avg 2, CPU pressure n/a',
    );
  });
});
