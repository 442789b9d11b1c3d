import { afterEach, describe, expect, it } from 'vitest';
import { startConnectProxy } from '../client/testing/connect-proxy.js';
import { type Simulator, startSimulator } from '../simulator/simulator.js';
import { getJson } from './get-json.js';

const LIMITS = { connectMs: 5000, totalMs: 10_000 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function httpsSimulator(): Promise<Simulator> {
  const sim = await startSimulator({ tls: true });
  cleanups.push(() => sim.close());
  return sim;
}

describe('smoke GETs use the load client transport settings', () => {
  it('refuses a self-signed server, and reaches it with INSECURE_SKIP_TLS_VERIFY', async () => {
    const sim = await httpsSimulator();
    const url = `${sim.url}/v1/models`;
    const refused = await getJson(url, {}, LIMITS);
    expect(refused.kind).toBe('connection-error');
    const answered = await getJson(url, {}, LIMITS, { insecureSkipTlsVerify: true });
    expect(answered).toMatchObject({ kind: 'json', status: 200 });
  });

  it('goes through HTTPS_PROXY', async () => {
    const sim = await httpsSimulator();
    const proxy = await startConnectProxy();
    cleanups.push(proxy.close);
    const answered = await getJson(`${sim.url}/v1/models`, {}, LIMITS, {
      insecureSkipTlsVerify: true,
      proxy: { httpsProxy: proxy.url },
    });
    expect(answered).toMatchObject({ kind: 'json', status: 200 });
    expect(proxy.tunnels()).toBe(1);
  });
});
