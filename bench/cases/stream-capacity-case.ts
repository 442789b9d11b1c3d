import { Agent } from 'undici';
import { createChatClient } from '../../helpers/client/chat-client.js';
import { type ChatRequest, chatRequestBody } from '../../helpers/client/chat-request.js';
import { MetricStore } from '../../helpers/metrics/metric-store.js';
import { recordSample } from '../../helpers/metrics/record-sample.js';
import { bareStreamRequest } from '../bare-undici.js';
import type { BenchCase, BenchRow, CaseReport, JsonValue } from '../bench-case.js';
import { startChildServer } from '../child-server.js';
import { formatFigure } from '../format-bench-table.js';
import { checkGoal, type GoalCheck } from '../goal-check.js';
import type { ServerKind } from '../ipc-protocol.js';
import { loadAverage1m } from '../machine-load.js';
import {
  type PairedSummary,
  runPairedRounds,
  serverIsBottleneck,
  summarizePaired,
} from '../paired-rounds.js';
import { prebuiltStreamEvents } from '../prebuilt-responses.js';
import { BENCH_MODEL, zeroDelaySimulator } from '../zero-delay-simulator.js';

const MODEL = BENCH_MODEL;
const WORKERS = 32;
// Issue 12: at least 0.6 of the bare loop in every full run.
const RATIO_GOAL = 0.6;
const EVENTS_GOAL_PER_SEC = 100_000;

/** The simulator streaming as fast as it can: no prefill, no step time, a slot per stream. */
const SIMULATOR_OPTIONS = zeroDelaySimulator({ slots: WORKERS * 2, contextTokens: 1_000_000 });

const SERVER_LABEL: Readonly<Record<ServerKind, string>> = {
  simulator: 'vs simulator',
  prebuilt: 'vs pre-built server',
};

/**
 * SSE events per second one suite process consumes (client + recordSample, the real path),
 * beside a bare undici loop that only counts `\n\n`, against the simulator and against a
 * pre-built-event server that can outrun any client.
 */
export const streamCapacityCase: BenchCase = {
  name: 'stream-capacity',
  title:
    'SSE events/s consumed by client + store vs a bare undici loop (same server, alternate runs)',
  async run({ mode, log }): Promise<CaseReport> {
    const quick = mode === 'quick';
    const tokens = quick ? 200 : 1000;
    // Five short rounds per side rather than three long ones: the median ratio then
    // shrugs off a round that another session's burst of work slowed down.
    const rounds = quick ? 1 : 5;
    const durationMs = quick ? 500 : 2000;
    const figures: { [key: string]: JsonValue } = {
      streamsInFlight: WORKERS,
      tokensPerStream: tokens,
      eventsPerStream: prebuiltStreamEvents(tokens),
      rounds,
      runDurationMs: durationMs,
      ours: 'createChatClient().send (SSE parse, timing) + recordSample into a MetricStore',
      bare: 'undici Agent.request, for await body chunks, count bytes and \\n\\n separators',
    };
    const rows: BenchRow[] = [];
    const goals: GoalCheck[] = [];
    const notes: string[] = [];
    // The client-bound comparison first: a process that has already run the simulator
    // comparison carries a heavier heap and slower GC (measured: -20 % events/s).
    for (const kind of ['prebuilt', 'simulator'] as const) {
      log(`stream-capacity: ${SERVER_LABEL[kind]}`);
      const loadBefore = loadAverage1m();
      const summary = await measure(kind, tokens, rounds, durationMs);
      figures[kind] = { ...summary, loadAverage1m: loadBefore };
      const label = SERVER_LABEL[kind];
      rows.push(
        {
          label: `${label}: events/s ours / bare`,
          value: `${formatFigure(summary.oursRatePerSec)} / ${formatFigure(summary.bareRatePerSec)} (ratio ${formatFigure(summary.ratio)})`,
        },
        {
          label: `${label}: CPU bench / server (ours)`,
          value: `${summary.oursBenchCpuPct.toFixed(0)} % / ${summary.oursServerCpuPct.toFixed(0)} % of a core`,
        },
      );
      // Goals measure the client, so they are judged where the client is the bottleneck:
      // against the pre-built server. Against the simulator both loops read what it writes.
      if (kind === 'prebuilt') {
        goals.push(
          checkGoal({
            id: 'stream-capacity.ratio',
            description: `events/s ours / bare ${label}`,
            actual: summary.ratio,
            op: '>=',
            limit: RATIO_GOAL,
            unit: '',
          }),
          checkGoal({
            id: 'stream-capacity.events',
            description: `events/s consumed ${label}`,
            actual: summary.oursRatePerSec,
            op: '>=',
            limit: EVENTS_GOAL_PER_SEC,
            unit: 'events/s',
          }),
        );
      }
      if (serverIsBottleneck(summary)) {
        notes.push(
          `${label}: the server is the bottleneck (${summary.oursServerCpuPct.toFixed(0)} % of a core while the bench used ${summary.oursBenchCpuPct.toFixed(0)} %): both loops read what it can write`,
        );
      }
      if (summary.errors > 0)
        notes.push(`${label}: ${summary.errors} failed streams: ${summary.firstError}`);
    }
    return { figures, rows, goals, notes };
  },
};

async function measure(
  kind: ServerKind,
  tokens: number,
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
    messages: [{ role: 'user', content: 'Write a long story' }],
    stream: true,
    maxTokens: tokens,
    tags: { scenario: 'bench_stream', prompt: 'short' },
  };
  // The same bytes on the wire for both sides.
  const body = chatRequestBody(request, true);
  const eventsPerStream = prebuiltStreamEvents(tokens);
  let store = new MetricStore();
  const ours = async (signal: AbortSignal): Promise<void> => {
    const sample = await client.send({ ...request, signal });
    if (sample.outcome.kind !== 'ok') throw new Error(`stream ended ${sample.tags.outcome}`);
    if (sample.outputEvents !== tokens) {
      throw new Error(`measured ${sample.outputEvents} output events, expected ${tokens}`);
    }
    recordSample(store, sample, null);
  };
  const bare = async (signal: AbortSignal): Promise<void> => {
    const events = await bareStreamRequest({
      dispatcher: agent,
      origin: server.url,
      path: '/v1/chat/completions',
      body,
      signal,
    });
    if (events !== eventsPerStream)
      throw new Error(`counted ${events} events, expected ${eventsPerStream}`);
  };
  try {
    const settings = {
      server,
      workers: WORKERS,
      maxIterations: 1_000_000,
      unitsPerIteration: eventsPerStream,
      // Each run records into a store of its own, from empty, as a suite run does.
      onRunStart: () => {
        store = new MetricStore();
      },
    };
    // Warm-up of both sides: JIT and connections.
    await runPairedRounds({ ...settings, rounds: 1, durationMs: 300 }, ours, bare);
    const paired = await runPairedRounds({ ...settings, rounds, durationMs }, ours, bare);
    return summarizePaired(paired);
  } finally {
    await client.close();
    await agent.close();
    await server.close();
  }
}
