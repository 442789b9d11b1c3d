import type { CapacityLimit, CapacityStep, CapacityUnit } from './capacity-result.js';
import type { StepJudgement } from './judge-step.js';

/** Bounds of the search; docs/capacity.md derives the time bound from them. */
export const SEARCH_BOUNDS = {
  /** Extra segments a step may get while undecided: a step is at most 3 segments. */
  maxExtensions: 2,
  /** Doublings after the probe: up to 4096 x the load of one request at a time. */
  maxGrowthSteps: 12,
  /** Steps in all (probe, growth, confirmations, bisection). */
  maxSteps: 20,
} as const;

/** One segment to run: a step's first (`segment` 0) or an extension of it. */
export interface StepRequest {
  phase: CapacityStep['phase'];
  /** rate: arrivals at `load` requests/s; users: `load` users back to back. */
  model: 'rate' | 'users';
  load: number;
  /** 0 for a new step; 1, 2 for its extensions (judged together with the earlier segments). */
  segment: number;
}

/** What a step measured, over all its segments so far, with its judgement. */
export interface StepMeasurement
  extends StepJudgement,
    Pick<
      CapacityStep,
      | 'judgedMs'
      | 'requests'
      | 'throughputPerSec'
      | 'ttftP50Ms'
      | 'ttftP95Ms'
      | 'totalP50Ms'
      | 'totalP95Ms'
      | 'tpotP50Ms'
      | 'goodputShare'
    > {}

/** Options of `searchCapacity`. */
export interface SearchCapacityOptions {
  /** rate: requests/s, open model; users: users at once, closed model. */
  unit: 'rate' | 'users';
  /** Bisect until failedAt / sustained <= 1 + precision (CAPACITY_PRECISION). */
  precision: number;
  /** Highest load to try (users: MAX_VUS); default unbounded. */
  maxLoad?: number;
  /** Runs one segment and judges the step's segments so far. */
  runStep(request: StepRequest): Promise<StepMeasurement>;
  /** Called with every finished step (progress). */
  onStep?(step: CapacityStep): void;
}

/** What the search found; scenario, prompt and timing are added by the caller. */
export interface SearchOutcome {
  unit: CapacityUnit;
  sustained: number | null;
  failedAt: number | null;
  limitedBy: CapacityLimit;
  reason: string | null;
  steps: CapacityStep[];
}

/**
 * Finds the highest load at which every SLA holds. A probe at one request at a time (1 user)
 * measures the unloaded server; the load then doubles until a step fails (an SLA decided to
 * fail, or the server saturates), then the interval between the highest decided pass and the
 * lowest failure is bisected (geometric mean) until within `precision`. A step whose SLAs'
 * confidence intervals straddle a limit is extended (up to 2 more segments) when its verdict
 * decides the search; an undecided step is never counted as a pass. A step where the load
 * generator lags ends the search: beyond it, only the generator was measured.
 */
export async function searchCapacity(options: SearchCapacityOptions): Promise<SearchOutcome> {
  const { unit, precision } = options;
  const maxLoad = options.maxLoad ?? Number.POSITIVE_INFINITY;
  const steps: CapacityStep[] = [];
  /** Steps whose undecided pass was run again (once each, whatever came of it). */
  const confirmed = new Set<CapacityStep>();
  const resultUnit: CapacityUnit = unit === 'rate' ? 'req/s' : 'users';

  const evaluate = async (
    phase: CapacityStep['phase'],
    model: 'rate' | 'users',
    load: number,
    extendWhen: (m: StepMeasurement) => boolean,
  ): Promise<CapacityStep> => {
    let segment = 0;
    let m = await options.runStep({ phase, model, load, segment });
    while (m.verdict === 'undecided' && segment < SEARCH_BOUNDS.maxExtensions && extendWhen(m)) {
      segment += 1;
      m = await options.runStep({ phase, model, load, segment });
    }
    const step: CapacityStep = {
      phase,
      // Users searched in req/s (the probe): one request at a time ran at its own throughput.
      load: model === 'users' && unit === 'rate' ? m.throughputPerSec : load,
      model,
      segments: segment + 1,
      judgedMs: m.judgedMs,
      requests: m.requests,
      throughputPerSec: m.throughputPerSec,
      ttftP50Ms: m.ttftP50Ms,
      ttftP95Ms: m.ttftP95Ms,
      totalP50Ms: m.totalP50Ms,
      totalP95Ms: m.totalP95Ms,
      tpotP50Ms: m.tpotP50Ms,
      goodputShare: m.goodputShare,
      verdict: m.verdict,
      pointVerdict: m.pointVerdict,
      shortOfSamples: m.shortOfSamples,
      decidedBy: m.decidedBy,
      slas: m.slas,
      signals: m.signals,
    };
    steps.push(step);
    options.onStep?.(step);
    return step;
  };

  // An undecided step whose point estimates pass is not extended while growing: the next,
  // larger step has more samples. One that might fail is extended: it may end the growth.
  const extendIfMightFail = (m: StepMeasurement) => m.pointVerdict === 'fail';
  const always = () => true;
  /**
   * Evidence against a load: a failure, or undecided after its extensions (or a confirmation)
   * with a CI across a limit. Short of samples with every point estimate passing is no
   * evidence either way: that load is neither sustained nor failed.
   */
  const notSustained = (s: CapacityStep) =>
    s.verdict === 'fail' ||
    (s.verdict === 'undecided' &&
      !s.shortOfSamples &&
      (s.pointVerdict === 'fail' || s.phase === 'confirm' || s.phase === 'bisect'));

  const probe = await evaluate('probe', 'users', 1, extendIfMightFail);
  let generatorStep: CapacityStep | null = probe.verdict === 'generator-limit' ? probe : null;
  let boundReached = false;
  if (generatorStep === null && !notSustained(probe)) {
    let load = probe.load;
    for (let i = 0; i < SEARCH_BOUNDS.maxGrowthSteps; i += 1) {
      load = unit === 'users' ? load * 2 : load * 2;
      if (load > maxLoad) {
        boundReached = true;
        break;
      }
      const step = await evaluate('grow', unit, load, extendIfMightFail);
      if (step.verdict === 'generator-limit') {
        generatorStep = step;
        break;
      }
      if (notSustained(step)) break;
      if (i === SEARCH_BOUNDS.maxGrowthSteps - 1) boundReached = true;
    }
  }

  // Bisection: between the highest decided pass and the lowest load not sustained.
  for (;;) {
    if (steps.length >= SEARCH_BOUNDS.maxSteps) break;
    const hi = lowest(steps.filter(notSustained));
    const below = (s: CapacityStep) => hi === null || s.load < hi.load;
    const lo = highest(steps.filter((s) => s.verdict === 'pass' && below(s)));
    const candidate = highest(
      steps.filter(
        (s) =>
          s.verdict === 'undecided' &&
          !notSustained(s) &&
          below(s) &&
          (lo === null || s.load > lo.load) &&
          // A confirmation is never confirmed again: each undecided step gets one.
          s.phase !== 'confirm' &&
          !confirmed.has(s),
      ),
    );
    if (candidate !== null) {
      confirmed.add(candidate);
      // The probe in req/s is re-run as what it was: one user.
      const load = candidate.model === 'users' && unit === 'rate' ? 1 : candidate.load;
      const step = await evaluate('confirm', candidate.model, load, always);
      if (step.verdict === 'generator-limit') {
        generatorStep = step;
        break;
      }
      continue;
    }
    if (hi === null || lo === null || generatorStep !== null) break;
    if (hi.load / lo.load <= 1 + precision) break;
    const mid = midpoint(unit, lo.load, hi.load);
    if (mid === null) break;
    const step = await evaluate('bisect', unit, mid, always);
    if (step.verdict === 'generator-limit') {
      generatorStep = step;
      break;
    }
  }

  const hi = lowest(steps.filter(notSustained));
  const lo = highest(
    steps.filter((s) => s.verdict === 'pass' && (hi === null || s.load < hi.load)),
  );
  const sustained = lo?.load ?? null;
  // What stopped the search: the generator when it could not produce a load the search
  // needed (beyond it only the generator was measured), else the lowest failing step.
  const generatorStopped =
    generatorStep !== null && (sustained === null || generatorStep.load > sustained);
  const limitedBy: CapacityLimit =
    generatorStep !== null && generatorStopped
      ? {
          kind: 'generator',
          detail: `at ${fmt(generatorStep.load)} ${resultUnit}: ${generatorStep.decidedBy}`,
        }
      : hi !== null
        ? {
            kind:
              hi.verdict === 'undecided'
                ? 'undecided'
                : hi.decidedBy?.startsWith('saturated')
                  ? 'saturation'
                  : 'sla',
            detail: `at ${fmt(hi.load)} ${resultUnit}: ${hi.decidedBy ?? hi.verdict}`,
          }
        : {
            kind: 'search-bound',
            detail: boundReached
              ? `no SLA failed up to ${fmt(steps.at(-1)?.load ?? 0)} ${resultUnit}, the search's upper bound`
              : `the search stopped after ${steps.length} steps (its bound)`,
          };
  let reason: string | null = null;
  if (sustained === null) {
    reason =
      probe.verdict === 'fail' || (probe.verdict === 'undecided' && notSustained(probe))
        ? `not even one request at a time held the SLAs: ${probe.decidedBy}`
        : probe.verdict === 'generator-limit'
          ? `the load generator could not keep up with one request at a time: ${probe.decidedBy}`
          : limitedBy.kind !== 'generator' &&
              steps.some((s) => s.shortOfSamples && (hi === null || s.load < hi.load))
            ? `no load below the first failure was decided to pass: too few samples to bound its percentiles (a longer CAPACITY_STEP gives more); ${limitedBy.detail}`
            : `no load was decided to pass (${limitedBy.kind}): ${limitedBy.detail}`;
  }
  return { unit: resultUnit, sustained, failedAt: hi?.load ?? null, limitedBy, reason, steps };
}

/** The next load between lo and hi: geometric mean (users: a whole number strictly between). */
export function midpoint(unit: 'rate' | 'users', lo: number, hi: number): number | null {
  const mid = Math.sqrt(lo * hi);
  if (unit === 'rate') return mid;
  const users = Math.min(hi - 1, Math.max(lo + 1, Math.round(mid)));
  return users > lo && users < hi ? users : null;
}

function lowest(steps: CapacityStep[]): CapacityStep | null {
  return steps.reduce<CapacityStep | null>((a, s) => (a === null || s.load < a.load ? s : a), null);
}

function highest(steps: CapacityStep[]): CapacityStep | null {
  return steps.reduce<CapacityStep | null>((a, s) => (a === null || s.load > a.load ? s : a), null);
}

function fmt(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : String(Number(value.toPrecision(3)));
}
