// Child of paced-loop-cpu.ts: runs one paced loop (ours or bare) against a server and sends its
// CPU per request to the parent. argv[2] is a PacedLoopSpec as JSON.
import { Agent } from 'undici';
import { createChatClient } from '../helpers/client/chat-client.js';
import { chatRequestBody } from '../helpers/client/chat-request.js';
import { constantArrivalRate } from '../helpers/load/arrival-schedule.js';
import { planArrivals } from '../helpers/load/plan-arrivals.js';
import { createRealClock, DEFAULT_SPIN_MS } from '../helpers/load/real-clock.js';
import { startArrivals } from '../helpers/load/run-arrivals.js';
import { MetricStore } from '../helpers/metrics/metric-store.js';
import { recordSample } from '../helpers/metrics/record-sample.js';
import { bareJsonRequest, bareStreamRequest } from './bare-undici.js';
import type { PacedLoopResult, PacedLoopSpec } from './paced-loop-cpu.js';

const WARM_UP_REQUESTS = 100;
const WARM_UP_IN_FLIGHT = 10;

async function main(spec: PacedLoopSpec): Promise<PacedLoopResult> {
  const request = {
    model: spec.model,
    messages: [{ role: 'user' as const, content: 'Say hello.' }],
    stream: spec.stream,
    maxTokens: spec.maxTokens,
    tags: { scenario: spec.stream ? 'chat_stream' : 'chat_nonstream', prompt: 'short' },
  };
  const body = chatRequestBody(request, true);
  const agent = new Agent({ connections: 256 });
  const client = createChatClient({ baseUrl: spec.url });
  const store = new MetricStore();
  let failures = 0;
  const once = async (): Promise<void> => {
    if (spec.loop === 'ours') {
      const sample = await client.send(request);
      recordSample(store, sample, 0);
      if (sample.outcome.kind !== 'ok') failures += 1;
      return;
    }
    const send = spec.stream ? bareStreamRequest : bareJsonRequest;
    await send({ dispatcher: agent, origin: spec.url, path: '/v1/chat/completions', body }).catch(
      () => {
        failures += 1;
      },
    );
  };
  // JIT and connection warm-up, outside the measured window.
  for (let i = 0; i < WARM_UP_REQUESTS; i += WARM_UP_IN_FLIGHT) {
    await Promise.all(Array.from({ length: WARM_UP_IN_FLIGHT }, once));
  }
  failures = 0;
  const plan = planArrivals(constantArrivalRate(spec.ratePerSec, spec.durationMs), {
    kind: 'even',
  });
  const cpuBefore = process.cpuUsage();
  const clock = createRealClock(spec.spinMs === undefined ? {} : { spinMs: spec.spinMs });
  const run = startArrivals({ arrivals: plan, maxInFlight: 10_000, iterate: once, clock });
  const result = await run.result;
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all([agent.close(), client.close()]);
  return {
    loop: spec.loop,
    stream: spec.stream,
    ratePerSec: spec.ratePerSec,
    spinMs: spec.spinMs ?? DEFAULT_SPIN_MS,
    requests: result.completed,
    failures,
    cpuMs: (cpu.user + cpu.system) / 1000,
    cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, result.completed),
  };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as PacedLoopSpec;
main(spec).then(
  (result) => {
    process.send?.({ type: 'result', result }, () => process.exit(0));
  },
  (error: unknown) => {
    process.send?.({ type: 'error', message: String(error) }, () => process.exit(1));
  },
);
