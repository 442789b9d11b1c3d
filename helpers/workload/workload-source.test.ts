import { describe, expect, it } from 'vitest';
import { parseWorkloadSource, workloadName } from './workload-source.js';

describe('parseWorkloadSource', () => {
  it('reads a bare tag as a prompt fixture', () => {
    expect(parseWorkloadSource('short')).toEqual({
      ok: true,
      source: { kind: 'fixture', tag: 'short' },
    });
  });

  it('reads key=value text as a synthetic description', () => {
    const result = parseWorkloadSource('prompt_tokens=512, output_tokens=64');
    expect(result.ok && result.source.kind).toBe('synthetic');
  });

  it('names WORKLOAD in the problems of a bad synthetic description', () => {
    const result = parseWorkloadSource('prompt_tokens=x');
    expect(result.ok ? [] : result.problems).toEqual([
      'WORKLOAD: "prompt_tokens" must be a whole number >= 1, got "x"',
    ]);
  });

  it('reads a .jsonl or .json path as a dataset, resolved against the working directory', () => {
    expect(parseWorkloadSource('data/chats.jsonl', '/work')).toEqual({
      ok: true,
      source: { kind: 'dataset', path: '/work/data/chats.jsonl', format: 'jsonl' },
    });
    expect(parseWorkloadSource('/tmp/ShareGPT.json', '/work')).toEqual({
      ok: true,
      source: { kind: 'dataset', path: '/tmp/ShareGPT.json', format: 'sharegpt' },
    });
  });

  it('refuses anything else, saying what a workload can be', () => {
    const result = parseWorkloadSource('chats.csv');
    expect(result.ok ? '' : result.problems[0]).toMatch(
      /^WORKLOAD must be a prompt fixture tag .* or a dataset file ending in .jsonl or .json, got "chats.csv"$/,
    );
  });
});

describe('workloadName', () => {
  it('is the fixture tag, synthetic, or the dataset base name made tag-safe', () => {
    expect(workloadName({ kind: 'fixture', tag: 'cot' })).toBe('cot');
    const synthetic = parseWorkloadSource('prompt_tokens=5');
    if (!synthetic.ok) throw new Error('unexpected');
    expect(workloadName(synthetic.source)).toBe('synthetic');
    expect(workloadName({ kind: 'dataset', path: '/x/My Chats.v2.jsonl', format: 'jsonl' })).toBe(
      'my-chats-v2',
    );
  });
});
