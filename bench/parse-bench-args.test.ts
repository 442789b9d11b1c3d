import { describe, expect, it } from 'vitest';
import { CASE_NAMES } from './bench-case.js';
import { formatBenchHelp, parseBenchArgs } from './parse-bench-args.js';

describe('parseBenchArgs', () => {
  it('runs every case in full mode by default', () => {
    expect(parseBenchArgs([])).toEqual({
      help: false,
      mode: 'full',
      profile: false,
      cases: [...CASE_NAMES],
      problems: [],
    });
  });

  it('takes --quick and repeated --case in both spellings, in run order', () => {
    const args = parseBenchArgs(['--case=micro', '--quick', '--case', 'pacing']);
    expect(args.mode).toBe('quick');
    expect(args.cases).toEqual(['pacing', 'micro']);
  });

  it('takes --profile, and runs spec-cpu by default with soak still last', () => {
    const args = parseBenchArgs(['--profile', '--case', 'spec-cpu']);
    expect(args.profile).toBe(true);
    expect(args.cases).toEqual(['spec-cpu']);
    expect(parseBenchArgs([]).cases.slice(-2)).toEqual(['spec-cpu', 'soak']);
  });

  it('lists every problem with its fix', () => {
    const args = parseBenchArgs(['--case', 'nope', '--fast', '--case']);
    expect(args.problems).toEqual([
      `--case nope: no such case; use one of ${CASE_NAMES.join(', ')}`,
      '--fast: unknown argument; run with --help to list the options',
      `--case needs a name: one of ${CASE_NAMES.join(', ')}`,
    ]);
  });

  it('recognises --help and -h', () => {
    expect(parseBenchArgs(['--help']).help).toBe(true);
    expect(parseBenchArgs(['-h']).help).toBe(true);
  });
});

describe('formatBenchHelp', () => {
  it('names every case and the exit statuses', () => {
    const help = formatBenchHelp();
    for (const name of CASE_NAMES) expect(help).toContain(name);
    expect(help).toContain('--quick');
    expect(help).toMatch(/1 when a case\s+crashed/);
  });
});
