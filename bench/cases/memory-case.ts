import { fileURLToPath } from 'node:url';
import type { BenchCase, CaseReport } from '../bench-case.js';
import { forkTsx, stopChild } from '../child-processes.js';
import { formatFigure } from '../format-bench-table.js';
import { checkGoal } from '../goal-check.js';
import type { MetricMemoryResult } from '../measure-metric-memory.js';

const PROBE = fileURLToPath(new URL('../memory-probe.ts', import.meta.url));
const PROBE_TIMEOUT_MS = 180_000;
const BYTES_PER_VALUE_GOAL = 100;

type ProbeMessage =
  | { type: 'result'; result: MetricMemoryResult }
  | { type: 'failed'; message: string };

/** Bytes per recorded metric value and per request, in a fresh process with --expose-gc. */
export const memoryCase: BenchCase = {
  name: 'memory',
  title: 'bytes per recorded metric value and per request (synthetic samples through recordSample)',
  async run({ mode, log }): Promise<CaseReport> {
    const requests = mode === 'quick' ? 50_000 : 1_000_000;
    log(`memory: ${requests.toLocaleString('en-US')} requests in a fresh process`);
    const result = await runProbe(requests);
    return {
      figures: {
        ...result,
        mix: '3/4 streams of 32 tokens (47 values), 1/4 non-stream (13 values), 2 % 503s; 2 scenarios x 2 prompts',
        measuredAs:
          'process.memoryUsage() heapUsed + arrayBuffers, after - before, full GC (--expose-gc) each time',
      },
      rows: [
        {
          label: `${formatFigure(requests)} requests: bytes per value`,
          value: `${result.bytesPerValue.toFixed(1)} B (typed arrays ${result.arrayBytesPerValue.toFixed(1)} B; ${formatFigure(result.values)} values, ${result.series} series)`,
        },
        {
          label: `${formatFigure(requests)} requests: bytes per request`,
          value: `${formatFigure(result.bytesPerRequest)} B (${formatFigure(result.bytes / 1024 / 1024)} MiB in all)`,
        },
        { label: 'recordSample time per value', value: `${result.recordNsPerValue.toFixed(0)} ns` },
      ],
      goals: [
        checkGoal({
          id: 'memory.bytes-per-value',
          description: 'bytes per recorded metric value',
          actual: result.bytesPerValue,
          op: '<=',
          limit: BYTES_PER_VALUE_GOAL,
          unit: 'B',
        }),
      ],
      notes: [],
    };
  },
};

function runProbe(requests: number): Promise<MetricMemoryResult> {
  const child = forkTsx(PROBE, [String(requests)], ['--expose-gc']);
  return new Promise<MetricMemoryResult>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`memory probe gave no result within ${PROBE_TIMEOUT_MS} ms`)),
      PROBE_TIMEOUT_MS,
    );
    child.on('message', (raw) => {
      const message = raw as ProbeMessage;
      clearTimeout(timer);
      if (message.type === 'result') resolve(message.result);
      else reject(new Error(`memory probe failed: ${message.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`memory probe exited with code ${code} before its result`));
    });
  }).finally(() => stopChild(child));
}
