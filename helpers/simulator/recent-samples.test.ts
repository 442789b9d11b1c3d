import { describe, expect, it } from 'vitest';
import { RecentSamples } from './recent-samples.js';

describe('RecentSamples', () => {
  it('summarises to zeros when empty', () => {
    expect(new RecentSamples().summary()).toEqual({ count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
  });

  it('gives nearest-rank quantiles of the samples', () => {
    const samples = new RecentSamples();
    for (let i = 1; i <= 100; i++) samples.add(i);
    expect(samples.summary()).toEqual({ count: 100, p50Ms: 50, p99Ms: 99, maxMs: 100 });
  });

  it('forgets samples older than its capacity but counts them', () => {
    const samples = new RecentSamples(4);
    for (const value of [100, 1, 2, 3, 4]) samples.add(value);
    expect(samples.summary()).toMatchObject({ count: 5, maxMs: 4 });
  });
});
