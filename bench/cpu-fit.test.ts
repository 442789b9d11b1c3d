import { describe, expect, it } from 'vitest';
import { fitCpu } from './cpu-fit.js';

describe('fitCpu', () => {
  it('recovers fixed and per-kind costs from exact runs', () => {
    // 2 s fixed, 1.5 ms per stream, 0.5 ms per non-stream.
    const cpu = (s: number, n: number) => 2 + 0.0015 * s + 0.0005 * n;
    const fit = fitCpu([
      { cpuS: cpu(100, 100), requests: [100, 100] },
      { cpuS: cpu(1600, 1600), requests: [1600, 1600] },
      { cpuS: cpu(4800, 100), requests: [4800, 100] },
      { cpuS: cpu(100, 4800), requests: [100, 4800] },
    ]);
    expect(fit.kind).toBe('fitted');
    if (fit.kind !== 'fitted') return;
    expect(fit.fixedS).toBeCloseTo(2, 9);
    expect(fit.perRequestMs[0]).toBeCloseTo(1.5, 9);
    expect(fit.perRequestMs[1]).toBeCloseTo(0.5, 9);
    expect(fit.residualRmsS).toBeCloseTo(0, 9);
  });

  it('gives the least-squares line through noisy runs, and their residual', () => {
    // y = 1 + x at x = 0, 1, 2 with residuals +0.1, -0.2, +0.1: the fit is still 1 + x.
    const fit = fitCpu([
      { cpuS: 1.1, requests: [0] },
      { cpuS: 1.8, requests: [1] },
      { cpuS: 3.1, requests: [2] },
    ]);
    expect(fit.kind).toBe('fitted');
    if (fit.kind !== 'fitted') return;
    expect(fit.fixedS).toBeCloseTo(1, 9);
    expect(fit.perRequestMs[0]).toBeCloseTo(1000, 6);
    expect(fit.residualRmsS).toBeCloseTo(Math.sqrt(0.06 / 3), 9);
  });

  it('is underdetermined with fewer runs than unknowns', () => {
    const fit = fitCpu([
      { cpuS: 5, requests: [100, 100] },
      { cpuS: 9, requests: [1600, 1600] },
    ]);
    expect(fit).toEqual({
      kind: 'underdetermined',
      reason: '2 runs for 3 unknowns (fixed + 2 kinds)',
    });
  });

  it('is underdetermined when stream and non-stream counts always move together', () => {
    const fit = fitCpu([
      { cpuS: 5, requests: [100, 100] },
      { cpuS: 9, requests: [1600, 1600] },
      { cpuS: 15, requests: [4800, 4800] },
    ]);
    expect(fit.kind).toBe('underdetermined');
  });
});
