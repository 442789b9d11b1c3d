/** Quantiles over a window of recent samples. */
export interface RecentSummary {
  /** Samples ever added (not only those in the window). */
  count: number;
  /** Nearest-rank median of the window; 0 when empty. */
  p50Ms: number;
  /** Nearest-rank 99th percentile of the window; 0 when empty. */
  p99Ms: number;
  /** Largest sample in the window; 0 when empty. */
  maxMs: number;
}

/** A fixed-size ring of the latest samples; summarising sorts a copy, adding is O(1). */
export class RecentSamples {
  readonly #ring: Float64Array;
  #count = 0;

  constructor(capacity = 4096) {
    this.#ring = new Float64Array(capacity);
  }

  add(value: number): void {
    this.#ring[this.#count % this.#ring.length] = value;
    this.#count++;
  }

  summary(): RecentSummary {
    const n = Math.min(this.#count, this.#ring.length);
    if (n === 0) return { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };
    const sorted = this.#ring.slice(0, n).sort();
    const rank = (q: number): number => sorted[Math.max(0, Math.ceil(q * n) - 1)] as number;
    return {
      count: this.#count,
      p50Ms: rank(0.5),
      p99Ms: rank(0.99),
      maxMs: sorted[n - 1] as number,
    };
  }
}
