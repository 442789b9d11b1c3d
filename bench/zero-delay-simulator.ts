import type { SimulatorOptions } from '../helpers/simulator/simulator-options.js';

/** The model every bench server answers as. */
export const BENCH_MODEL = 'bench-model';

/**
 * Simulator options for benchmarks: no modelled delay at all (no prefill, no step time, no
 * length jitter, no truth log), so whatever time passes is the client's, the server
 * process's or the machine's. Cases override what they measure (slots, TTFT, step time).
 */
export function zeroDelaySimulator(
  overrides: Partial<SimulatorOptions>,
): Partial<SimulatorOptions> {
  return {
    models: [BENCH_MODEL],
    prefillBaseMs: 0,
    prefillPerTokenMs: 0,
    extraTtftMs: 0,
    decodeBaseMs: 0,
    decodePerActiveMs: 0,
    outputTokensJitter: 0,
    truthLogLimit: 0,
    ...overrides,
  };
}
