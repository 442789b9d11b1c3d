import { expect } from 'vitest';
import { MetricStore } from '../metrics/metric-store.js';
import {
  checkSla,
  checkSlas,
  type SlaOptions,
  type SlaResult,
  type ThresholdMap,
} from './check-sla.js';

/** Options of the SLA matchers. */
export interface SlaMatcherOptions extends SlaOptions {
  /** Receives every result, e.g. to put it in `task.meta` for reporters. */
  onResult?: (result: SlaResult) => void;
}

/** The matchers `registerSlaMatchers()` adds to `expect`. */
export interface SlaMatchers<R = unknown> {
  /** The store meets a k6 threshold on a sub-metric: `('llm_ttft_ms{scenario:x}', 'p(95)<1000')`. */
  toMeetThreshold(selector: string, threshold: string, options?: SlaMatcherOptions): R;
  /** The store meets every threshold of a k6-shaped map; the message lists each that failed. */
  toMeetThresholds(thresholds: ThresholdMap, options?: SlaMatcherOptions): R;
  /** An `SlaResult` (from `checkSla`) has status 'pass'. */
  toPassSla(): R;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat Vitest's own declaration, `Matchers<T = any>`.
  interface Matchers<T = any> extends SlaMatchers<T> {}
}

let registered = false;

/** Adds `toMeetThreshold`, `toMeetThresholds` and `toPassSla` to Vitest's `expect`; idempotent. */
export function registerSlaMatchers(): void {
  if (registered) return;
  registered = true;
  expect.extend({
    toMeetThreshold(
      received: unknown,
      selector: string,
      threshold: string,
      options?: SlaMatcherOptions,
    ) {
      const store = requireStore(received, 'toMeetThreshold');
      const result = checkSla(store, selector, threshold, options);
      options?.onResult?.(result);
      return verdict([result], this.isNot);
    },
    toMeetThresholds(received: unknown, thresholds: ThresholdMap, options?: SlaMatcherOptions) {
      const store = requireStore(received, 'toMeetThresholds');
      const results = checkSlas(store, thresholds, options);
      for (const result of results) options?.onResult?.(result);
      if (results.length === 0) {
        return { pass: false, message: () => 'toMeetThresholds: the threshold map is empty.' };
      }
      return verdict(results, this.isNot);
    },
    toPassSla(received: unknown) {
      if (!isSlaResult(received)) {
        return {
          pass: false,
          message: () =>
            `toPassSla: expected an SlaResult from checkSla(), got ${describe(received)}.`,
        };
      }
      return verdict([received], this.isNot);
    },
  });
}

function verdict(results: readonly SlaResult[], isNot: boolean) {
  const pass = results.every((r) => r.status === 'pass');
  const shown = isNot ? results : results.filter((r) => r.status !== 'pass');
  const passed = results.filter((r) => r.status === 'pass').length;
  const summary = results.length > 1 ? `${passed} of ${results.length} SLAs passed.\n\n` : '';
  const intro = isNot ? 'Expected the SLA not to pass, but it passed.\n' : '';
  return {
    pass,
    message: () => intro + summary + shown.map((r) => r.message).join('\n\n'),
  };
}

function requireStore(received: unknown, matcher: string): MetricStore {
  if (received instanceof MetricStore) return received;
  throw new TypeError(
    `${matcher}: expect() must receive a MetricStore, got ${describe(received)}.`,
  );
}

function isSlaResult(value: unknown): value is SlaResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    'message' in value &&
    typeof value.message === 'string'
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return typeof value;
}
