import { describe, expect, it } from 'vitest';
import { startSimulator } from './simulator.js';
import type { SimulatorOptions } from './simulator-options.js';
import { chunksOf, dataPayloads, FAST, HELLO, postChat } from './sse-test-client.js';

async function withSim<T>(
  options: Partial<SimulatorOptions>,
  run: (url: string, sim: Awaited<ReturnType<typeof startSimulator>>) => Promise<T>,
): Promise<T> {
  const sim = await startSimulator({ ...FAST, ...options });
  try {
    return await run(sim.url, sim);
  } finally {
    await sim.close();
  }
}

const STREAM = { messages: HELLO, stream: true, max_tokens: 10 };

/** What fetch rejects with when the server destroys the socket mid-body. */
const SOCKET_CLOSED_BY_SERVER = expect.objectContaining({
  name: 'TypeError',
  message: 'terminated',
  cause: expect.objectContaining({ code: 'UND_ERR_SOCKET' }),
});

describe('status faults', () => {
  it.each([
    ['faultStatus500Rate', 500, 'server_error'],
    ['faultStatus503Rate', 503, 'server_error'],
    ['faultStatus429Rate', 429, 'requests'],
  ] as const)('%s = 1 answers every completion with %i', async (key, status, type) => {
    await withSim({ [key]: 1 }, async (url, sim) => {
      const response = await postChat(url, STREAM);
      expect(response.status).toBe(status);
      expect(JSON.parse(response.text).error.type).toBe(type);
      const id = response.headers.get('x-request-id') as string;
      expect(sim.truth.get(id)).toMatchObject({
        status,
        outcome: 'error-status',
        fault: { kind: 'status', status },
      });
    });
  });

  it('sends Retry-After in whole seconds (rounded up) with injected 429s', async () => {
    await withSim({ faultStatus429Rate: 1, faultRetryAfterMs: 1500 }, async (url) => {
      const response = await postChat(url, STREAM);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(response.headers.get('retry-after-ms')).toBe('1500');
    });
  });

  it('injects about the configured share, and counts what it injected', async () => {
    await withSim({ faultStatus503Rate: 0.5 }, async (url, sim) => {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++)
        statuses.push((await postChat(url, { messages: HELLO, max_tokens: 1 })).status);
      const failed = statuses.filter((s) => s === 503).length;
      expect(failed).toBeGreaterThan(8);
      expect(failed).toBeLessThan(32);
      expect(sim.stats().faults.status).toBe(failed);
    });
  });
});

describe('connection cut', () => {
  it('destroys the socket mid-stream after the planned number of events', async () => {
    await withSim({ faultCutRate: 1 }, async (url, sim) => {
      await expect(postChat(url, STREAM)).rejects.toThrow(SOCKET_CLOSED_BY_SERVER);
      const record = sim.truth.records()[0];
      if (record?.fault.kind !== 'cut') throw new Error('expected a cut fault');
      expect(record.outcome).toBe('cut');
      expect(record.fault.afterEvents).toBeGreaterThanOrEqual(1);
      expect(record.eventMs).toHaveLength(record.fault.afterEvents);
    });
  });

  it('destroys the socket mid-body for non-stream requests', async () => {
    await withSim({ faultCutRate: 1 }, async (url, sim) => {
      await expect(postChat(url, { messages: HELLO, max_tokens: 5 })).rejects.toThrow(
        SOCKET_CLOSED_BY_SERVER,
      );
      expect(sim.truth.records()[0]?.outcome).toBe('cut');
    });
  });
});

describe('malformed line', () => {
  it('writes one `data: {not json` line and otherwise completes the stream', async () => {
    await withSim({ faultMalformedRate: 1 }, async (url) => {
      const response = await postChat(url, STREAM);
      const data = dataPayloads(response.text);
      expect(data.filter((d) => d === '{not json')).toHaveLength(1);
      const rest = data.filter((d) => d !== '{not json');
      expect(chunksOf(rest).filter((c) => c.choices[0]?.delta.content)).toHaveLength(10);
      expect(data.at(-1)).toBe('[DONE]');
    });
  });

  it('sends a body that is not JSON for non-stream requests', async () => {
    await withSim({ faultMalformedRate: 1 }, async (url) => {
      const response = await postChat(url, { messages: HELLO });
      expect(response.status).toBe(200);
      expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
    });
  });
});

describe('stall', () => {
  it('pauses the stream mid-way for faultStallMs', async () => {
    await withSim({ faultStallRate: 1, faultStallMs: 150 }, async (url, sim) => {
      await postChat(url, STREAM);
      const record = sim.truth.records()[0];
      if (record?.fault.kind !== 'stall') throw new Error('expected a stall fault');
      const at = record.fault.afterTokens;
      // The pause runs from the previous event's target, so a late write of that event (a
      // busy machine) shortens the gap between the two writes, never the pause itself.
      const pauseMs = (record.eventMs[at] as number) - (record.eventTargetMs[at - 1] as number);
      expect(pauseMs).toBeGreaterThanOrEqual(150);
      const gapMs = (record.eventMs[at] as number) - (record.eventMs[at - 1] as number);
      expect(gapMs).toBeLessThan(250);
    });
  });
});

describe('extraTtftMs', () => {
  it('delays the first token by the extra time', async () => {
    await withSim({ extraTtftMs: 120 }, async (url, sim) => {
      await postChat(url, STREAM);
      const record = sim.truth.records()[0];
      const ttftMs = (record?.eventMs[0] as number) - (record?.admittedMs as number);
      expect(ttftMs).toBeGreaterThanOrEqual(121); // prefill 1 + extra 120
      expect(ttftMs).toBeLessThan(200);
    });
  });
});
