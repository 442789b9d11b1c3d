import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { measuredGet } from './measured-get.js';
import { createHeaderRedactor } from './secret-redactor.js';
import {
  httpChunk,
  type RawServer,
  responseHead,
  startRawServer,
} from './testing/raw-http-server.js';

const KEY = 'sk-measured-get-SECRET-1234567890';
const HEADERS = { authorization: `Bearer ${KEY}` };
const redact = createHeaderRedactor(HEADERS);

let raw: RawServer | null = null;
let agent: Agent | null = null;
afterEach(async () => {
  await agent?.close();
  agent = null;
  await raw?.close();
  raw = null;
});

function get(
  url: string,
  extra: { headersTimeoutMs?: number; totalTimeoutMs?: number; signal?: AbortSignal } = {},
) {
  agent = new Agent({ connect: { timeout: 2000 } });
  const parsed = new URL(url);
  return measuredGet({
    dispatcher: agent,
    origin: parsed.origin,
    path: parsed.pathname,
    headers: HEADERS,
    headersTimeoutMs: extra.headersTimeoutMs ?? 5000,
    totalTimeoutMs: extra.totalTimeoutMs ?? 5000,
    ...(extra.signal ? { signal: extra.signal } : {}),
    redact,
  });
}

describe('measuredGet', () => {
  it('stamps TTFB at the headers and the total at the last body byte', async () => {
    raw = await startRawServer(({ socket }) => {
      socket.write(responseHead(200, 'application/json'));
      setTimeout(() => socket.write(httpChunk('{"data":[')), 300);
      setTimeout(() => socket.write(`${httpChunk(']}')}0\r\n\r\n`), 600);
    });
    const sample = await get(`${raw.url}/v1/models`);
    expect(sample.outcome).toEqual({ kind: 'ok' });
    expect(sample.status).toBe(200);
    // Headers 600 ms before the body's end: a TTFB stamped at the first body byte would be
    // only 300 ms before it. 450 splits the two with room for a loaded machine's late stamps.
    const ttfbMs = sample.ttfbMs as number;
    expect(sample.totalMs - ttfbMs).toBeGreaterThanOrEqual(450);
    expect(sample.totalMs - ttfbMs).toBeLessThan(1000);
  });

  it("keeps the server's error text with its status, secrets redacted", async () => {
    raw = await startRawServer(({ socket }) => {
      const body = JSON.stringify({ error: { message: `no version endpoint for ${KEY}` } });
      socket.write(`${responseHead(404, 'application/json')}${httpChunk(body)}0\r\n\r\n`);
    });
    const sample = await get(`${raw.url}/v1/version`);
    expect(sample.status).toBe(404);
    expect(sample.outcome).toEqual({
      kind: 'http-error',
      status: 404,
      message: 'no version endpoint for [redacted]',
    });
  });

  it('keeps the errno of a refused connection', async () => {
    raw = await startRawServer(() => {});
    const url = `${raw.url}/v1/models`;
    await raw.close();
    raw = null;
    const sample = await get(url);
    expect(sample.status).toBeNull();
    expect(sample.ttfbMs).toBeNull();
    expect(sample.outcome).toMatchObject({ kind: 'connection-error', code: 'ECONNREFUSED' });
  });

  it('ends a request whose headers never come at the headers timeout', async () => {
    raw = await startRawServer(() => {});
    const sample = await get(`${raw.url}/v1/models`, { headersTimeoutMs: 200 });
    expect(sample.outcome).toEqual({ kind: 'timeout', phase: 'headers' });
    expect(sample.totalMs).toBeGreaterThanOrEqual(190);
    expect(sample.totalMs).toBeLessThan(2000);
  });

  it('ends a body that never ends at the total timeout, and an aborted one as aborted', async () => {
    raw = await startRawServer(({ socket }) => {
      socket.write(responseHead(200, 'application/json') + httpChunk('{'));
    });
    const slow = await get(`${raw.url}/v1/models`, { totalTimeoutMs: 200 });
    expect(slow.outcome).toEqual({ kind: 'timeout', phase: 'total' });
    expect(slow.ttfbMs).not.toBeNull();
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('graceful stop expired')), 100);
    const aborted = await get(`${raw.url}/v1/models`, { signal: stop.signal });
    expect(aborted.outcome).toEqual({ kind: 'aborted', reason: 'graceful stop expired' });
  });
});
