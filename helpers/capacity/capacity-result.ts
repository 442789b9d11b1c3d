import type { PercentileInterval } from '../metrics/percentile-interval.js';

/** What the search varies: requests/s (open model) or users at once (closed model). */
export type CapacityUnit = 'req/s' | 'users';

/** One saturation signal of a step; `generator` ones are the load generator's limit, not the server's. */
export interface SaturationSignal {
  kind:
    | 'throughput-below-offered'
    | 'queue-growing'
    | 'dropped-iterations'
    | 'generator-lagging'
    | 'generator-short-of-rate';
  /** Whose limit it shows. */
  source: 'server' | 'generator';
  /** One sentence with the figures. */
  detail: string;
  /** generator-lagging: the p95 schedule lag, ms (latencies measured by a late client are late too). */
  lagP95Ms?: number;
}

/**
 * A step's verdict. `pass`/`fail` are decided (every percentile SLA's 95% CI on one side of its
 * limit); `undecided` is neither, never rounded to pass; `generator-limit`: the load generator
 * could not produce the load, so the step says nothing about the server.
 */
export type StepVerdict = 'pass' | 'fail' | 'undecided' | 'generator-limit';

/** One SLA as judged on a step's samples. */
export interface StepSla {
  selector: string;
  threshold: string;
  /** The point verdict of checkSla (`pass`, `fail`, `too-few-samples`, `no-samples`). */
  status: string;
  /** With the CI: `pass`, `fail` or `undecided`. */
  decision: 'pass' | 'fail' | 'undecided';
  measured: number | null;
  interval: PercentileInterval | null;
  n: number;
  /** The one-line annotation: `FAIL p(95) ... = 812 ms, 95% CI 790-845 (limit ...)`. */
  line: string;
}

/** One constant-load step of the search (with its extensions, if any). */
export interface CapacityStep {
  /** probe: one request at a time; grow: doubling; confirm: an undecided pass run again; bisect. */
  phase: 'probe' | 'grow' | 'confirm' | 'bisect';
  /** Offered load in the result's unit (for the probe in req/s: its throughput at 1 user). */
  load: number;
  /** How the load was made: arrivals at a rate, or users back to back. */
  model: 'rate' | 'users';
  /** Segments of CAPACITY_STEP run (1 + extensions). */
  segments: number;
  /** Judged time (warm-up excluded), ms. */
  judgedMs: number;
  /** Requests started in the judged time. */
  requests: number;
  /** Requests that ended in the judged time, per second. */
  throughputPerSec: number;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  totalP50Ms: number | null;
  totalP95Ms: number | null;
  tpotP50Ms: number | null;
  /** Share of requests that met the SLO_* objectives; null when none is set. */
  goodputShare: number | null;
  verdict: StepVerdict;
  /** Verdict of the point estimates alone (no CI): what a naive sweep would say. */
  pointVerdict: 'pass' | 'fail';
  /** Undecided only for want of samples, every point estimate passing: no evidence of failure. */
  shortOfSamples: boolean;
  /** The SLA or signal that decided the verdict; null for a pass. */
  decidedBy: string | null;
  slas: StepSla[];
  signals: SaturationSignal[];
}

/** What stopped the search. */
export type CapacityLimit =
  | { kind: 'sla'; detail: string }
  | { kind: 'saturation'; detail: string }
  | { kind: 'undecided'; detail: string }
  | { kind: 'generator'; detail: string }
  | { kind: 'search-bound'; detail: string };

/** The capacity of one scenario x prompt: `suite.capacity[]` of summary.json. */
export interface CapacityResult {
  scenario: string;
  prompt: string;
  unit: CapacityUnit;
  /** The highest load at which every SLA held (decided), or null. */
  sustained: number | null;
  /** The lowest load that failed (or stayed undecided), or null. */
  failedAt: number | null;
  /** The SLA or saturation signal that stopped it. */
  limitedBy: CapacityLimit;
  /** Why there is no sustained load; null when there is one. */
  reason: string | null;
  /** CAPACITY_PRECISION the search bisected to. */
  precision: number;
  /** The SLAs searched, `selector threshold`. */
  slas: string[];
  steps: CapacityStep[];
  /** Search start, epoch ms. */
  startedEpochMs: number;
  /** Search length, ms. */
  durationMs: number;
}
