import type { SaturationSignal } from './capacity-result.js';
import type { SegmentObservation } from './step-observation.js';

/** The bounds of the saturation signals (docs/capacity.md explains each). */
export const SATURATION_LIMITS = {
  /** Ended requests below this share of the offered rate (beyond a slack of 2 requests). */
  throughputShare: 0.9,
  /** Mean in flight in the last quarter above first quarter x this + 2. */
  queueGrowthFactor: 1.5,
  /** TTFT rose over the step by more than this share of its median (and 20 ms). */
  ttftRiseShare: 0.2,
  ttftRiseMinMs: 20,
  /** The generator lags when its p95 schedule lag exceeds this, ms. */
  lagP95Ms: 50,
  /** ... or when it started fewer arrivals than this share of the offered rate (none dropped). */
  startedShare: 0.9,
} as const;

/**
 * Saturation signals of one segment. Server: ended requests well below the offered rate,
 * a growing number in flight or a rising TTFT under arrivals (a queue), dropped iterations (MAX_VUS full). Generator: the
 * scheduler's own lag or a start rate below the offered one with nothing dropped; then the
 * step measured the load generator, not the server.
 */
export function saturationSignals(o: SegmentObservation): SaturationSignal[] {
  const signals: SaturationSignal[] = [];
  const seconds = (o.toEpochMs - o.fromEpochMs) / 1000;
  const L = SATURATION_LIMITS;
  if (
    o.offeredRatePerSec !== null &&
    o.startedRatePerSec !== null &&
    o.dropped === 0 &&
    o.startedRatePerSec < L.startedShare * o.offeredRatePerSec
  ) {
    signals.push({
      kind: 'generator-short-of-rate',
      source: 'generator',
      detail: `the load generator started ${fmt(o.startedRatePerSec)} requests/s of the ${fmt(o.offeredRatePerSec)} offered; this is the generator's limit, not the server's`,
    });
  }
  if (o.scheduleLagP95Ms !== null && o.scheduleLagP95Ms > L.lagP95Ms) {
    signals.push({
      kind: 'generator-lagging',
      source: 'generator',
      lagP95Ms: o.scheduleLagP95Ms,
      detail: `the load generator started requests late: p95 schedule lag ${fmt(o.scheduleLagP95Ms)} ms (> ${L.lagP95Ms} ms); this is the generator's limit, not the server's`,
    });
  }
  if (o.offeredRatePerSec !== null && seconds > 0) {
    const expected = o.offeredRatePerSec * seconds;
    if (o.ended + 2 < L.throughputShare * expected) {
      signals.push({
        kind: 'throughput-below-offered',
        source: 'server',
        detail: `${fmt(o.ended / seconds)} requests/s ended of ${fmt(o.offeredRatePerSec)} offered (< ${L.throughputShare * 100}%)`,
      });
    }
  }
  if (o.inFlightLastQuarter > L.queueGrowthFactor * o.inFlightFirstQuarter + 2) {
    signals.push({
      kind: 'queue-growing',
      source: 'server',
      detail: `requests in flight grew from ${fmt(o.inFlightFirstQuarter)} to ${fmt(o.inFlightLastQuarter)} over the step (a queue builds)`,
    });
  }
  const rise = o.ttftRiseMs;
  const median = o.ttftMedianMs;
  if (
    o.offeredRatePerSec !== null &&
    rise !== null &&
    median !== null &&
    rise > Math.max(L.ttftRiseShare * median, L.ttftRiseMinMs) &&
    !signals.some((s) => s.kind === 'queue-growing')
  ) {
    signals.push({
      kind: 'queue-growing',
      source: 'server',
      detail: `TTFT rose by ${fmt(rise)} ms over the step (median ${fmt(median)} ms): a queue builds`,
    });
  }
  if (o.dropped > 0) {
    signals.push({
      kind: 'dropped-iterations',
      source: 'server',
      detail: `${o.dropped} arrivals dropped: MAX_VUS requests were in flight`,
    });
  }
  return signals;
}

function fmt(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : String(Number(value.toPrecision(3)));
}
