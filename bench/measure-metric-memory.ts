import { type Outcome, outcomeCode } from '../helpers/client/outcome.js';
import type { RequestSample } from '../helpers/client/request-sample.js';
import { MetricStore } from '../helpers/metrics/metric-store.js';
import { recordSample } from '../helpers/metrics/record-sample.js';

/** What recording `requests` synthetic samples cost. */
export interface MetricMemoryResult {
  requests: number;
  /** Metric values (points) recorded. */
  values: number;
  /** Series (metric x tag set) in the store. */
  series: number;
  /** Heap used + array buffers after minus before, after a full GC each time. */
  bytes: number;
  bytesPerValue: number;
  bytesPerRequest: number;
  /** Typed-array capacity per value (16 = no doubling slack, 32 = just doubled). */
  arrayBytesPerValue: number;
  /** Wall time of the recordSample calls per value, ns. */
  recordNsPerValue: number;
}

const OK: Outcome = { kind: 'ok' };
const OVERLOADED: Outcome = { kind: 'http-error', status: 503, message: 'overloaded' };
const STREAM_TOKENS = 32;
const POOL_SIZE = 1024;

/**
 * A realistic mix, cycled: 3 of 4 requests stream 32 tokens (31 gaps, 47 values), 1 of 4 is
 * a non-stream request (13 values); 2 % are 503s; 2 scenarios x 2 prompts.
 */
export function syntheticSample(i: number): RequestSample {
  const stream = i % 4 !== 3;
  const failed = i % 50 === 49;
  const outcome = failed ? OVERLOADED : OK;
  const itlMs: number[] = [];
  if (stream && !failed) for (let j = 1; j < STREAM_TOKENS; j++) itlMs.push(18 + ((i + j) % 7));
  const ttftMs = failed ? null : 150 + (i % 101);
  const totalMs = failed ? 3 : stream ? 800 + (i % 97) : 700 + (i % 89);
  return {
    tags: {
      scenario: stream ? 'chat_stream' : 'chat_nonstream',
      prompt: i % 2 === 0 ? 'short' : 'cot',
      status: failed ? '503' : '200',
      model: 'jan-v1-4b',
      stream: stream ? 'true' : 'false',
      outcome: outcomeCode(outcome),
    },
    outcome,
    startEpochMs: 1_763_000_000_000 + i,
    t0Ms: 1000 + i,
    ttfbMs: stream ? 20 : totalMs,
    ttftMs,
    ttfcMs: ttftMs,
    receivingMs: failed ? 0 : totalMs - 20,
    blockedMs: 0.05,
    connectingMs: 0,
    tlsHandshakingMs: 0,
    sendingMs: 0.02,
    waitingMs: stream ? 19.9 : totalMs - 0.1,
    dataSentBytes: 400,
    dataReceivedBytes: stream ? 150 * STREAM_TOKENS : 900,
    totalMs,
    queueMs: failed ? null : 0.5,
    outputTokens: failed ? null : stream ? STREAM_TOKENS : 64,
    tokenSource: failed ? null : 'usage',
    inputTokens: failed ? null : 30,
    tokensPerSec: failed ? null : 40,
    tpotMs: stream && !failed ? 20 : null,
    decodeTokensPerSec: stream && !failed ? 50 : null,
    itlMs,
    stallMs: itlMs.length > 0 ? 24 : null,
    outputEvents: failed ? 0 : stream ? STREAM_TOKENS : 1,
    responseId: null,
  };
}

async function settledHeapBytes(gc: () => void): Promise<number> {
  // Array buffers are freed a little after the GC that found them, hence the pause.
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * Records `requests` synthetic samples through `recordSample` into one new store and
 * measures the memory it holds (full GC before and after). The samples come from a small
 * pool built before the first reading, so they are not part of the figure.
 */
export async function measureMetricMemory(
  requests: number,
  gc: () => void,
): Promise<MetricMemoryResult> {
  const pool = Array.from({ length: POOL_SIZE }, (_, i) => syntheticSample(i));
  const before = await settledHeapBytes(gc);
  const store = new MetricStore();
  const startMs = performance.now();
  for (let i = 0; i < requests; i++) {
    recordSample(store, pool[i % POOL_SIZE] as RequestSample, (i % 7) / 10);
  }
  const recordMs = performance.now() - startMs;
  const after = await settledHeapBytes(gc);
  const values = store.pointCount;
  let series = 0;
  for (const _ of store.series()) series++;
  const bytes = after - before;
  return {
    requests,
    values,
    series,
    bytes,
    bytesPerValue: bytes / values,
    bytesPerRequest: bytes / requests,
    arrayBytesPerValue: store.arrayBytes / values,
    recordNsPerValue: (recordMs * 1e6) / values,
  };
}
