import { describe, expect, it } from 'vitest';
import type { StepVerdict } from './capacity-result.js';
import {
  midpoint,
  SEARCH_BOUNDS,
  type StepMeasurement,
  type StepRequest,
  searchCapacity,
} from './search-capacity.js';

/** A fake step: its verdict from a model of the server, its throughput min(load, capacity). */
function measurement(
  verdict: StepVerdict,
  pointVerdict: 'pass' | 'fail',
  throughputPerSec: number,
  decidedBy: string | null = verdict === 'pass' ? null : `${verdict} by the model`,
  shortOfSamples = false,
): StepMeasurement {
  return {
    verdict,
    pointVerdict,
    shortOfSamples,
    decidedBy,
    slas: [],
    signals: [],
    judgedMs: 4000,
    requests: Math.round(throughputPerSec * 4),
    throughputPerSec,
    ttftP50Ms: 300,
    ttftP95Ms: 310,
    totalP50Ms: 300,
    totalP95Ms: 310,
    tpotP50Ms: null,
    goodputShare: null,
  };
}

/** A server of 4 slots x 300 ms: one user runs 1/0.3 req/s, capacity 13.33 req/s. */
const CAPACITY = 4 / 0.3;
const fixedServer = (request: StepRequest): StepMeasurement => {
  if (request.model === 'users') {
    const throughput = Math.min(request.load, 4) / 0.3;
    return measurement(
      request.load <= 4 ? 'pass' : 'fail',
      request.load <= 4 ? 'pass' : 'fail',
      throughput,
    );
  }
  const ok = request.load <= CAPACITY;
  return measurement(ok ? 'pass' : 'fail', ok ? 'pass' : 'fail', Math.min(request.load, CAPACITY));
};

describe('searchCapacity (pure, with a model of the server)', () => {
  it('finds the capacity of 4 slots x 300 ms: sustained within 10% below 13.3 req/s, failedAt above', async () => {
    const requests: StepRequest[] = [];
    const result = await searchCapacity({
      unit: 'rate',
      precision: 0.1,
      runStep: async (r) => {
        requests.push(r);
        return fixedServer(r);
      },
    });
    expect(result.unit).toBe('req/s');
    expect(result.sustained).toBeLessThanOrEqual(CAPACITY);
    expect(result.sustained).toBeGreaterThanOrEqual(CAPACITY * 0.9);
    expect(result.failedAt).toBeGreaterThan(CAPACITY);
    expect((result.failedAt as number) / (result.sustained as number)).toBeLessThanOrEqual(1.1);
    // Probe at one user, then doubling from its throughput (3.33): 6.67, 13.3, 26.7, then bisection.
    expect(requests[0]).toEqual({ phase: 'probe', model: 'users', load: 1, segment: 0 });
    expect(requests.slice(1, 4).map((r) => [r.phase, Number(r.load.toFixed(2))])).toEqual([
      ['grow', 6.67],
      ['grow', 13.33],
      ['grow', 26.67],
    ]);
    expect(requests.slice(4).every((r) => r.phase === 'bisect')).toBe(true);
    expect(result.limitedBy.kind).toBe('sla');
  });

  it('extends a step whose CI straddles the limit, and uses the decided verdict', async () => {
    const requests: StepRequest[] = [];
    const result = await searchCapacity({
      unit: 'users',
      precision: 0.1,
      runStep: async (r) => {
        requests.push(r);
        // 5 users: undecided (point estimate fails) on the first segment, decided fail after.
        if (r.load === 5 && r.segment === 0) return measurement('undecided', 'fail', 13);
        return measurement(r.load <= 4 ? 'pass' : 'fail', r.load <= 4 ? 'pass' : 'fail', 13);
      },
    });
    expect(requests.filter((r) => r.load === 5).map((r) => r.segment)).toEqual([0, 1]);
    expect(result).toMatchObject({ sustained: 4, failedAt: 5, unit: 'users' });
    expect(result.steps.find((s) => s.load === 5)?.segments).toBe(2);
  });

  it('never rounds an undecided step to a pass: it is reported, and sustained stays below it', async () => {
    const result = await searchCapacity({
      unit: 'users',
      precision: 0.1,
      runStep: async (r) => {
        if (r.load === 4)
          return measurement('undecided', 'pass', 13, 'the 95% CI straddles the limit');
        return measurement(r.load < 4 ? 'pass' : 'fail', r.load < 4 ? 'pass' : 'fail', 10);
      },
    });
    // 4 users: undecided while growing, confirmed with both extensions, still undecided.
    const four = result.steps.filter((s) => s.load === 4);
    expect(four.map((s) => [s.phase, s.verdict, s.segments])).toEqual([
      ['grow', 'undecided', 1],
      ['confirm', 'undecided', 1 + SEARCH_BOUNDS.maxExtensions],
    ]);
    expect(result).toMatchObject({ sustained: 3, failedAt: 4 });
    expect(result.limitedBy).toEqual({
      kind: 'undecided',
      detail: 'at 4 users: the 95% CI straddles the limit',
    });
  });

  it('reports sustained null with the reason when the server fails at one request at a time', async () => {
    const result = await searchCapacity({
      unit: 'rate',
      precision: 0.1,
      runStep: async () =>
        measurement('fail', 'fail', 5, 'FAIL rate http_req_failed = 1 (limit rate<0.02, n=20)'),
    });
    expect(result.steps).toHaveLength(1);
    expect(result.sustained).toBeNull();
    expect(result.reason).toBe(
      'not even one request at a time held the SLAs: FAIL rate http_req_failed = 1 (limit rate<0.02, n=20)',
    );
    expect(result.limitedBy.kind).toBe('sla');
  });

  it('says the load generator could not keep up instead of blaming the server', async () => {
    const result = await searchCapacity({
      unit: 'rate',
      precision: 0.1,
      runStep: async (r) =>
        r.model === 'rate' && r.load > 20
          ? measurement('generator-limit', 'pass', 20, 'the load generator started requests late')
          : measurement('pass', 'pass', r.model === 'users' ? 5 : r.load),
    });
    expect(result.failedAt).toBeNull();
    expect(result.sustained).toBe(20);
    expect(result.limitedBy).toEqual({
      kind: 'generator',
      detail: 'at 40 req/s: the load generator started requests late',
    });
  });

  it('blames the generator, not the server, when it lags while confirming the last pass', async () => {
    const result = await searchCapacity({
      unit: 'rate',
      precision: 0.1,
      runStep: async (r) => {
        if (r.phase === 'confirm') return measurement('generator-limit', 'pass', 12, 'lag 104 ms');
        if (r.model === 'rate' && r.load > 20) return measurement('fail', 'fail', 13);
        return measurement(
          'undecided',
          'pass',
          r.model === 'users' ? 3.2 : r.load,
          'too few samples',
        );
      },
    });
    expect(result.sustained).toBeNull();
    expect(result.limitedBy).toEqual({ kind: 'generator', detail: 'at 12.8 req/s: lag 104 ms' });
    expect(result.reason).toBe(
      'no load was decided to pass (generator): at 12.8 req/s: lag 104 ms',
    );
  });

  it('does not take a step short of samples for a failure: failedAt stays the real one', async () => {
    let probes = 0;
    const result = await searchCapacity({
      unit: 'rate',
      precision: 0.1,
      runStep: async (r) => {
        if (r.model === 'rate' && r.load > 10) return measurement('fail', 'fail', 13, 'FAIL p(95)');
        // One user's throughput differs a little from run to run: a confirmation is a new load.
        if (r.model === 'users' && r.segment === 0) probes += 1;
        const throughput = r.model === 'users' ? 3.2 + probes / 100 : r.load;
        return measurement('undecided', 'pass', throughput, 'too few samples', true);
      },
    });
    // Probe, 6.42 short of samples, 12.84 fails; each undecided step is confirmed once only.
    expect(result.steps.map((s) => [s.phase, Number(s.load.toFixed(2))])).toEqual([
      ['probe', 3.21],
      ['grow', 6.42],
      ['grow', 12.84],
      ['confirm', 6.42],
      ['confirm', 3.22],
    ]);
    expect(result).toMatchObject({ sustained: null, failedAt: 12.84 });
    expect(result.reason).toContain(
      'no load below the first failure was decided to pass: too few samples to bound its percentiles',
    );
  });

  it('stops at the upper bound when nothing fails, and says so', async () => {
    const result = await searchCapacity({
      unit: 'users',
      precision: 0.1,
      maxLoad: 16,
      runStep: async () => measurement('pass', 'pass', 10),
    });
    expect(result).toMatchObject({ sustained: 16, failedAt: null });
    expect(result.limitedBy).toEqual({
      kind: 'search-bound',
      detail: "no SLA failed up to 16 users, the search's upper bound",
    });
  });

  it('bisects users in whole numbers: capacity 6 users gives sustained 6, failedAt 7', async () => {
    const result = await searchCapacity({
      unit: 'users',
      precision: 0.1,
      runStep: async (r) =>
        measurement(r.load <= 6 ? 'pass' : 'fail', r.load <= 6 ? 'pass' : 'fail', r.load),
    });
    expect(result).toMatchObject({ sustained: 6, failedAt: 7 });
    expect(result.steps.map((s) => s.load)).toEqual([1, 2, 4, 8, 6, 7]);
  });

  it('runs at most the bounded number of steps and segments', async () => {
    let segments = 0;
    const result = await searchCapacity({
      unit: 'rate',
      precision: 0.01,
      runStep: async (r) => {
        segments += 1;
        return measurement('undecided', r.load > 50 ? 'fail' : 'pass', 1);
      },
    });
    expect(result.steps.length).toBeLessThanOrEqual(SEARCH_BOUNDS.maxSteps);
    expect(segments).toBeLessThanOrEqual(
      SEARCH_BOUNDS.maxSteps * (1 + SEARCH_BOUNDS.maxExtensions),
    );
    expect(result.sustained).toBeNull();
  });
});

describe('midpoint', () => {
  it('is the geometric mean for rates and a whole number strictly between for users', () => {
    expect(midpoint('rate', 10, 40)).toBe(20);
    expect(midpoint('users', 4, 8)).toBe(6);
    expect(midpoint('users', 4, 5)).toBeNull();
  });
});
