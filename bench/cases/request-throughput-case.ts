import { Agent } from 'undici';
import { createChatClient } from '../../helpers/client/chat-client.js';
import { type ChatRequest, chatRequestBody } from '../../helpers/client/chat-request.js';
import { MetricStore } from '../../helpers/metrics/metric-store.js';
import { recordSample } from '../../helpers/metrics/record-sample.js';
import { bareJsonRequest } from '../bare-undici.js';
import type { BenchCase, BenchRow, CaseReport, JsonValue } from '../bench-case.js';
import { startChildServer } from '../child-server.js';
import { formatFigure } from '../format-bench-table.js';
import type { ServerKind } from '../ipc-protocol.js';
import { loadAverage1m } from '../machine-load.js';
import {
  type PairedSummary,
  runPairedRounds,
  serverIsBottleneck,
  summarizePaired,
} from '../paired-rounds.js';
import { BENCH_MODEL, zeroDelaySimulator } from '../zero-delay-simulator.js';

const MODEL = BENCH_MODEL;
const WORKERS = 32;

const SIMULATOR_OPTIONS = zeroDelaySimulator({ slots: WORKERS * 2 });

const SERVER_LABEL: Readonly<Record<ServerKind, string>> = {
  simulator: 'vs simulator',
  prebuilt: 'vs pre-built server',
};

/**
 * Non-stream requests per second to a one-token answer: client + recordSample beside a bare
 * undici request loop, closed loops of 32 in flight, alternate runs. No goal: reported.
 */
export const requestThroughputCase: BenchCase = {
  name: 'request-throughput',
  title: 'non-stream requests/s of client + store vs a bare undici request loop',
  async run({ mode, log }): Promise<CaseReport> {
    const quick = mode === 'quick';
    // Five short rounds per side rather than three long ones: the median ratio then
    // shrugs off a round that another session's burst of work slowed down.
    const rounds = quick ? 1 : 5;
    const durationMs = quick ? 500 : 2000;
    const figures: { [key: string]: JsonValue } = {
      requestsInFlight: WORKERS,
      maxTokens: 1,
      rounds,
      runDurationMs: durationMs,
      ours: 'createChatClient().send (JSON body parsed, timing) + recordSample into a MetricStore',
      bare: 'undici Agent.request + body.text()',
    };
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    // The client-bound comparison first: a process that has already run the simulator
    // comparison carries a heavier heap and slower GC (measured: -20 % events/s).
    for (const kind of ['prebuilt', 'simulator'] as const) {
      log(`request-throughput: ${SERVER_LABEL[kind]}`);
      const loadBefore = loadAverage1m();
      const summary = await measure(kind, rounds, durationMs);
      figures[kind] = { ...summary, loadAverage1m: loadBefore };
      const label = SERVER_LABEL[kind];
      rows.push(
        {
          label: `${label}: requests/s ours / bare`,
          value: `${formatFigure(summary.oursRatePerSec)} / ${formatFigure(summary.bareRatePerSec)} (ratio ${formatFigure(summary.ratio)})`,
        },
        {
          label: `${label}: CPU bench / server (ours)`,
          value: `${summary.oursBenchCpuPct.toFixed(0)} % / ${summary.oursServerCpuPct.toFixed(0)} % of a core`,
        },
      );
      if (serverIsBottleneck(summary)) {
        notes.push(
          `${label}: the server is the bottleneck (${summary.oursServerCpuPct.toFixed(0)} % of a core while the bench used ${summary.oursBenchCpuPct.toFixed(0)} %)`,
        );
      }
      if (summary.errors > 0)
        notes.push(`${label}: ${summary.errors} failed requests: ${summary.firstError}`);
    }
    return { figures, rows, goals: [], notes };
  },
};

async function measure(
  kind: ServerKind,
  rounds: number,
  durationMs: number,
): Promise<PairedSummary> {
  const server = await startChildServer(
    kind,
    kind === 'simulator' ? SIMULATOR_OPTIONS : { model: MODEL },
  );
  const client = createChatClient({ baseUrl: server.url, timeouts: { totalMs: 30_000 } });
  const agent = new Agent({ headersTimeout: 30_000, bodyTimeout: 30_000 });
  const request: ChatRequest = {
    model: MODEL,
    messages: [{ role: 'user', content: 'Say hi' }],
    stream: false,
    maxTokens: 1,
    tags: { scenario: 'bench_requests', prompt: 'tiny' },
  };
  const body = chatRequestBody(request, true);
  let store = new MetricStore();
  const ours = async (signal: AbortSignal): Promise<void> => {
    const sample = await client.send({ ...request, signal });
    if (sample.outcome.kind !== 'ok') throw new Error(`request ended ${sample.tags.outcome}`);
    recordSample(store, sample, null);
  };
  const bare = async (signal: AbortSignal): Promise<void> => {
    await bareJsonRequest({
      dispatcher: agent,
      origin: server.url,
      path: '/v1/chat/completions',
      body,
      signal,
    });
  };
  try {
    const settings = {
      server,
      workers: WORKERS,
      maxIterations: 2_000_000,
      unitsPerIteration: 1,
      // Each run records into a store of its own, from empty, as a suite run does.
      onRunStart: () => {
        store = new MetricStore();
      },
    };
    await runPairedRounds({ ...settings, rounds: 1, durationMs: 300 }, ours, bare);
    const paired = await runPairedRounds({ ...settings, rounds, durationMs }, ours, bare);
    return summarizePaired(paired);
  } finally {
    await client.close();
    await agent.close();
    await server.close();
  }
}
