// Child of the memory case: a fresh process (no heap left over from other cases), run with
// --expose-gc. argv[2]: number of requests. Sends one MetricMemoryResult over IPC.
import { measureMetricMemory } from './measure-metric-memory.js';

const gc = (globalThis as { gc?: () => void }).gc;
const requests = Number(process.argv[2] ?? 1_000_000);

async function main(): Promise<void> {
  if (gc === undefined) throw new Error('gc() is missing: run node with --expose-gc');
  if (!(Number.isInteger(requests) && requests > 0)) {
    throw new Error(`requests ${process.argv[2]}: use a positive integer`);
  }
  process.send?.({ type: 'result', result: await measureMetricMemory(requests, gc) });
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    process.send?.({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
    });
    process.disconnect?.();
    process.exitCode = 1;
  },
);
