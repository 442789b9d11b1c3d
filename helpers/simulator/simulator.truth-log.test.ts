import { describe, expect, it, vi } from 'vitest';
import { startSimulator } from './simulator.js';
import { chunksOf, FAST, HELLO, postChat } from './sse-test-client.js';

/** Bounded poll for a condition the simulator reaches asynchronously. */
const WAIT = { timeout: 5000, interval: 5 };

describe('truth log', () => {
  it('records a stream by response id, with one write time per output event', async () => {
    const sim = await startSimulator({ ...FAST });
    try {
      const response = await postChat(sim.url, { messages: HELLO, stream: true, max_tokens: 6 });
      const id = chunksOf(response.data)[0]?.id as string;
      const record = sim.truth.get(id);
      expect(record).toMatchObject({
        id,
        stream: true,
        status: 200,
        completionTokens: 6,
        finishReason: 'length',
        fault: { kind: 'none' },
        outcome: 'finished',
      });
      if (record === undefined) throw new Error('no record');
      expect(record.eventMs).toHaveLength(6);
      expect(record.eventTargetMs).toHaveLength(6);
      const times = [
        record.arrivedMs,
        record.admittedMs,
        record.headersMs,
        ...record.eventMs,
        record.endMs,
      ];
      expect(times).toEqual([...times].sort((a, b) => (a as number) - (b as number)));
      expect(record.queueMs?.toFixed(3)).toBe(response.headers.get('x-queue-time'));
    } finally {
      await sim.close();
    }
  });

  it('records a non-stream response as one event, the body', async () => {
    const sim = await startSimulator({ ...FAST });
    try {
      const response = await postChat(sim.url, { messages: HELLO, max_tokens: 3 });
      const record = sim.truth.get(JSON.parse(response.text).id);
      expect(record?.eventMs).toHaveLength(1);
      expect(record?.endMs).toBe(record?.eventMs[0]);
    } finally {
      await sim.close();
    }
  });

  it('keeps only the last truthLogLimit requests', async () => {
    const sim = await startSimulator({ ...FAST, truthLogLimit: 2 });
    try {
      for (let i = 0; i < 3; i++) await postChat(sim.url, { messages: HELLO, max_tokens: 1 });
      expect(sim.truth.records().map((r) => r.index)).toEqual([1, 2]);
    } finally {
      await sim.close();
    }
  });

  it('keeps nothing when truthLogLimit is 0, and still answers', async () => {
    const sim = await startSimulator({ ...FAST, truthLogLimit: 0 });
    try {
      expect((await postChat(sim.url, { messages: HELLO, max_tokens: 1 })).status).toBe(200);
      expect(sim.truth.size).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('records a client that goes away, frees its slot and counts it', async () => {
    const sim = await startSimulator({ ...FAST, slots: 1, decodeBaseMs: 5 });
    try {
      const controller = new AbortController();
      const response = await fetch(`${sim.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: HELLO, stream: true, max_tokens: 1000 }),
        signal: controller.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      controller.abort();
      // The slot must free up: this request would wait ~5 s behind the aborted one otherwise.
      const next = await postChat(sim.url, { messages: HELLO, max_tokens: 2 });
      expect(Number(next.headers.get('x-queue-time'))).toBeLessThan(200);
      const first = sim.truth.records()[0];
      expect(first?.outcome).toBe('client-closed');
      expect(sim.stats()).toMatchObject({
        completions: 2,
        finished: 1,
        clientClosed: 1,
        inFlight: 0,
      });
    } finally {
      await sim.close();
    }
  });

  it('forgets a request whose client leaves while it is still queued', async () => {
    const sim = await startSimulator({ ...FAST, slots: 1, decodeBaseMs: 5 });
    // The one slot stays busy (2000 tokens x 5 ms) until this test ends it, however slow the
    // machine is to deliver the second request.
    const runningController = new AbortController();
    const send = (signal: AbortSignal) =>
      fetch(`${sim.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: HELLO, max_tokens: 2000 }),
        signal,
      }).then(
        (response) => response.text(),
        () => null,
      );
    try {
      const running = send(runningController.signal).catch(() => null);
      await vi.waitFor(() => expect(sim.stats().active).toBe(1), WAIT);
      const controller = new AbortController();
      const queued = send(controller.signal);
      await vi.waitFor(() => expect(sim.stats().queued).toBe(1), WAIT);
      controller.abort();
      await queued;
      await vi.waitFor(() => expect(sim.stats().queued).toBe(0), WAIT);
      expect(sim.stats().active).toBe(1);
      runningController.abort();
      await running;
      const [first, second] = sim.truth.records();
      expect(second).toMatchObject({ outcome: 'client-closed', admittedMs: null });
      expect(first?.admittedMs).not.toBeNull();
    } finally {
      runningController.abort();
      await sim.close();
    }
  });

  it('ends in-flight streams promptly on close and records them as server-closed', async () => {
    const sim = await startSimulator({ ...FAST, decodeBaseMs: 5 });
    const response = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages: HELLO, stream: true, max_tokens: 5000 }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const startMs = performance.now();
    await sim.close();
    expect(performance.now() - startMs).toBeLessThan(1000);
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'TypeError',
        message: 'terminated',
        cause: expect.objectContaining({ code: 'UND_ERR_SOCKET' }),
      }),
    );
    expect(sim.truth.records()[0]?.outcome).toBe('server-closed');
  });

  it('counts requests, completions and errors in stats', async () => {
    const sim = await startSimulator({ ...FAST });
    try {
      await postChat(sim.url, { messages: HELLO, max_tokens: 1 });
      await postChat(sim.url, { messages: [] });
      await fetch(`${sim.url}/v1/models`);
      expect(sim.stats()).toMatchObject({
        requests: 3,
        completions: 1,
        finished: 1,
        errorResponses: 1,
        inFlight: 0,
        queued: 0,
        active: 0,
      });
    } finally {
      await sim.close();
    }
  });
});
