import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/simulator.js';
import { type ChatClient, createChatClient } from './chat-client.js';
import type { ChatClientOptions } from './chat-client-options.js';
import type { RequestSample } from './request-sample.js';
import { startConnectProxy } from './testing/connect-proxy.js';

const PROBE = resolve(import.meta.dirname, 'testing', 'https-probe.ts');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(tls: boolean): Promise<Simulator> {
  const sim = await startSimulator({ tls, decodeBaseMs: 1, prefillBaseMs: 5, outputTokens: 8 });
  cleanups.push(() => sim.close());
  return sim;
}

function client(baseUrl: string, options: Partial<ChatClientOptions> = {}): ChatClient {
  const created = createChatClient({ baseUrl, connections: 1, ...options });
  cleanups.push(() => created.close());
  return created;
}

function send(c: ChatClient, stream = true): Promise<RequestSample> {
  return c.send({
    model: 'jan-v1-4b',
    messages: [{ role: 'user', content: 'Say hi' }],
    stream,
    maxTokens: 8,
    tags: { scenario: stream ? 'chat_stream' : 'chat_nonstream', prompt: 'short' },
  });
}

/** Two requests one after the other on a pool of one socket: the second reuses it. */
async function twoInARow(c: ChatClient): Promise<[RequestSample, RequestSample]> {
  const first = await send(c);
  // undici releases the socket a tick after the body ends.
  await new Promise((r) => setTimeout(r, 20));
  const second = await send(c);
  return [first, second];
}

describe("k6's timing split on the request sample", () => {
  it('gives the request that opened a plain socket its connect time, and a reused one 0', async () => {
    const sim = await simulator(false);
    const [first, second] = await twoInARow(client(sim.url));
    expect(first.outcome.kind).toBe('ok');
    expect(second.outcome.kind).toBe('ok');
    expect(first.connectingMs).toBeGreaterThan(0);
    expect(first.tlsHandshakingMs).toBe(0);
    expect(second.connectingMs).toBe(0);
    expect(second.tlsHandshakingMs).toBe(0);
    // Blocked holds the connect of a new socket, as k6's getConn -> gotConn does.
    expect(first.blockedMs).toBeGreaterThanOrEqual(first.connectingMs as number);
  });

  it('splits the time to the headers into blocked + sending + waiting', async () => {
    const sim = await simulator(false);
    for (const sample of await twoInARow(client(sim.url))) {
      const { blockedMs, sendingMs, waitingMs, ttfbMs } = sample;
      expect(sendingMs).toBeGreaterThanOrEqual(0);
      expect(waitingMs).toBeGreaterThan(0);
      expect((blockedMs as number) + (sendingMs as number) + (waitingMs as number)).toBeCloseTo(
        ttfbMs as number,
        6,
      );
    }
  });

  it("counts each request's own bytes, not the socket's running total", async () => {
    const sim = await simulator(false);
    const [first, second] = await twoInARow(client(sim.url));
    // Same request twice: the same bytes out. A running total would double.
    expect(first.dataSentBytes).toBeGreaterThan(200);
    expect(second.dataSentBytes).toBe(first.dataSentBytes);
    const received = [first.dataReceivedBytes as number, second.dataReceivedBytes as number];
    expect(Math.min(...received)).toBeGreaterThan(300);
    expect(Math.max(...received) / Math.min(...received)).toBeLessThan(1.3);
  });
});

describe('HTTPS against the simulator', () => {
  it('serves TLS with a self-signed certificate that a client refuses unless told to trust it', async () => {
    const sim = await simulator(true);
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const refused = await send(client(sim.url));
    expect(refused.outcome.kind).toBe('connection-error');
    expect(refused.outcome.kind === 'connection-error' && refused.outcome.code).toMatch(
      /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/,
    );
  });

  it('times the TLS handshake of a new socket with INSECURE_SKIP_TLS_VERIFY, 0 on reuse', async () => {
    const sim = await simulator(true);
    const [first, second] = await twoInARow(client(sim.url, { insecureSkipTlsVerify: true }));
    expect(first.outcome.kind).toBe('ok');
    expect(first.connectingMs).toBeGreaterThan(0);
    expect(first.tlsHandshakingMs).toBeGreaterThan(0);
    expect(first.blockedMs).toBeGreaterThanOrEqual(
      (first.connectingMs as number) + (first.tlsHandshakingMs as number),
    );
    expect(second.outcome.kind).toBe('ok');
    expect(second.tlsHandshakingMs).toBe(0);
  });

  it('trusts the certificate named by NODE_EXTRA_CA_CERTS (read by Node at process start)', async () => {
    const sim = await simulator(true);
    const run = (extraCa: string | null) =>
      new Promise<string>((done, fail) => {
        const env = { ...process.env };
        delete env.NODE_EXTRA_CA_CERTS;
        if (extraCa !== null) env.NODE_EXTRA_CA_CERTS = extraCa;
        const child = spawn(process.execPath, ['--import', 'tsx', PROBE, sim.url], { env });
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
        });
        const timer = setTimeout(() => child.kill(), 30_000);
        child.on('error', fail);
        child.on('close', () => {
          clearTimeout(timer);
          done(out);
        });
      });
    const [trusted, untrusted] = await Promise.all([run(sim.tlsCertPath), run(null)]);
    const samples = JSON.parse(trusted) as Array<
      Pick<RequestSample, 'outcome' | 'tlsHandshakingMs'>
    >;
    expect(samples.map((s) => s.outcome.kind)).toEqual(['ok', 'ok']);
    expect(samples[0]?.tlsHandshakingMs).toBeGreaterThan(0);
    expect(samples[1]?.tlsHandshakingMs).toBe(0);
    const refused = JSON.parse(untrusted) as Array<Pick<RequestSample, 'outcome'>>;
    expect(refused[0]?.outcome.kind).toBe('connection-error');
  }, 60_000);
});

describe('forward proxies', () => {
  it('tunnels HTTPS through HTTPS_PROXY, one tunnel for a kept-alive socket', async () => {
    const sim = await simulator(true);
    const proxy = await startConnectProxy();
    cleanups.push(proxy.close);
    const c = client(sim.url, { insecureSkipTlsVerify: true, proxy: { httpsProxy: proxy.url } });
    const [first, second] = await twoInARow(c);
    expect([first.outcome.kind, second.outcome.kind]).toEqual(['ok', 'ok']);
    expect(proxy.tunnels()).toBe(1);
  });

  it('tunnels HTTP through HTTP_PROXY', async () => {
    const sim = await simulator(false);
    const proxy = await startConnectProxy();
    cleanups.push(proxy.close);
    const sample = await send(client(sim.url, { proxy: { httpProxy: proxy.url } }));
    expect(sample.outcome.kind).toBe('ok');
    expect(proxy.tunnels()).toBe(1);
  });

  it('goes direct to a host listed in NO_PROXY, with the connect timed as usual', async () => {
    const sim = await simulator(false);
    const proxy = await startConnectProxy();
    cleanups.push(proxy.close);
    const sample = await send(
      client(sim.url, { proxy: { httpProxy: proxy.url, noProxy: '127.0.0.1' } }),
    );
    expect(sample.outcome.kind).toBe('ok');
    expect(proxy.tunnels()).toBe(0);
    expect(sample.connectingMs).toBeGreaterThan(0);
  });
});
