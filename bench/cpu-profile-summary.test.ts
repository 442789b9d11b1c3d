import { describe, expect, it } from 'vitest';
import { type CpuProfile, summarizeCpuProfiles } from './cpu-profile-summary.js';

const frame = (functionName: string, url = '', lineNumber = -1) => ({
  functionName,
  url,
  lineNumber,
});

// Samples at 1000, 1100, 1400, 1500, 1600 µs; the profile ends at 2000 µs.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)') },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('parse', 'file:///repo/a.js', 9) },
    { id: 4, callFrame: frame('', 'file:///repo/b.js', 0) },
    // The same function reached from another caller: a second node, one entry.
    { id: 5, callFrame: frame('parse', 'file:///repo/a.js', 9) },
  ],
  startTime: 900,
  endTime: 2000,
  samples: [3, 2, 4, 5, 3],
  timeDeltas: [100, 100, 300, 100, 100],
};

describe('summarizeCpuProfiles', () => {
  it('gives self time per function, to the next sample, without idle, largest first', () => {
    const entries = summarizeCpuProfiles([profile]);
    expect(entries.map(({ selfMs, ...where }) => where)).toEqual([
      { functionName: 'parse', url: 'file:///repo/a.js', line: 10 },
      { functionName: '(anonymous)', url: 'file:///repo/b.js', line: 1 },
    ]);
    // 0.1 (first sample) + 0.1 (fourth) + 0.4 (last sample, until endTime)
    expect(entries[0]?.selfMs).toBeCloseTo(0.6, 9);
    expect(entries[1]?.selfMs).toBeCloseTo(0.1, 9);
  });

  it('sums the same function across profiles (the workers)', () => {
    const [top] = summarizeCpuProfiles([profile, profile]);
    expect(top?.functionName).toBe('parse');
    expect(top?.selfMs).toBeCloseTo(1.2, 9);
  });
});
