import { describe, expect, it } from 'vitest';
import type { PacedLoopResult } from '../paced-loop-cpu.js';
import { judgedFloorS } from './spec-cpu-case.js';

const loop = (
  kind: PacedLoopResult['loop'],
  stream: boolean,
  cpuMsPerRequest: number,
): PacedLoopResult => ({
  loop: kind,
  stream,
  ratePerSec: 60,
  spinMs: 0,
  requests: 1200,
  failures: 0,
  cpuMs: cpuMsPerRequest * 1200,
  cpuMsPerRequest,
});

const judged = {
  streamRps: 60,
  nonstreamRps: 60,
  cpuS: 21.3,
  userS: 18,
  sysS: 3.3,
  wallMs: 34_000,
  requests: { stream: 2410, nonstream: 1000 },
  simulatorCpuS: 13,
};

describe('judgedFloorS', () => {
  it("prices the run's requests at the bare loop's CPU per request, plus bare Vitest", () => {
    const floor = [
      loop('ours', true, 9),
      loop('bare', true, 2),
      loop('bare', false, 1.5),
      loop('ours', false, 9),
    ];
    // 2410 x 2 ms + 1000 x 1.5 ms + 1.6 s; our client's floors play no part.
    expect(judgedFloorS(floor, judged, { cpuS: 1.6 })).toBeCloseTo(4.82 + 1.5 + 1.6, 10);
  });

  it('gives null without both bare floors', () => {
    expect(judgedFloorS([loop('bare', true, 2)], judged, { cpuS: 1.6 })).toBeNull();
    expect(judgedFloorS([], judged, { cpuS: 1.6 })).toBeNull();
  });
});
