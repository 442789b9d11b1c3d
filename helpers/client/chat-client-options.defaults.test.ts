import { describe, expect, it } from 'vitest';
import { resolveChatClientOptions } from './chat-client-options.js';

describe('resolveChatClientOptions defaults', () => {
  it('fills every option left out with its documented default', () => {
    const { clock, ...resolved } = resolveChatClientOptions({ baseUrl: 'http://127.0.0.1:8080' });
    expect(resolved).toEqual({
      origin: 'http://127.0.0.1:8080',
      path: '/v1/chat/completions',
      headers: {},
      connections: null,
      timeouts: {
        connectMs: 10_000,
        headersMs: 120_000,
        firstTokenMs: 120_000,
        idleMs: 60_000,
        totalMs: 600_000,
      },
      includeUsage: true,
      keepText: false,
      maxBufferedBytes: 8_388_608,
      dispatcher: null,
      insecureSkipTlsVerify: false,
      proxy: null,
    });
    const before = performance.now();
    const now = clock();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(performance.now());
  });

  it('keeps a base path and query in the path and the scheme, host and port in the origin', () => {
    const resolved = resolveChatClientOptions({ baseUrl: 'https://gw.example:8443/openai?v=2' });
    expect(resolved.origin).toBe('https://gw.example:8443');
    expect(resolved.path).toBe('/openai/v1/chat/completions?v=2');
  });

  it('takes every option that is given, with header names in lower case', () => {
    const clock = () => 42;
    const dispatcher = {} as never;
    const resolved = resolveChatClientOptions({
      baseUrl: 'http://127.0.0.1:1',
      headers: { Authorization: 'Bearer x', 'X-Trace': '1' },
      connections: 1,
      timeouts: { connectMs: 0, totalMs: 5 },
      includeUsage: false,
      keepText: true,
      maxBufferedBytes: 1024,
      dispatcher,
      clock,
      insecureSkipTlsVerify: true,
    });
    expect(resolved.headers).toEqual({ authorization: 'Bearer x', 'x-trace': '1' });
    expect(resolved.connections).toBe(1);
    expect(resolved.timeouts).toEqual({
      connectMs: 0,
      headersMs: 120_000,
      firstTokenMs: 120_000,
      idleMs: 60_000,
      totalMs: 5,
    });
    expect(resolved.includeUsage).toBe(false);
    expect(resolved.keepText).toBe(true);
    expect(resolved.maxBufferedBytes).toBe(1024);
    expect(resolved.dispatcher).toBe(dispatcher);
    expect(resolved.clock).toBe(clock);
    expect(resolved.insecureSkipTlsVerify).toBe(true);
  });

  it('skips TLS verification only for the boolean true', () => {
    const loose = { baseUrl: 'http://127.0.0.1:1', insecureSkipTlsVerify: 'yes' as never };
    expect(resolveChatClientOptions(loose).insecureSkipTlsVerify).toBe(false);
  });

  it('timeouts given for every phase replace every default', () => {
    const timeouts = { connectMs: 1, headersMs: 2, firstTokenMs: 3, idleMs: 4, totalMs: 5 };
    expect(resolveChatClientOptions({ baseUrl: 'http://127.0.0.1:1', timeouts }).timeouts).toEqual(
      timeouts,
    );
  });
});

describe('resolveChatClientOptions proxy', () => {
  const resolve = (proxy: object | undefined) =>
    resolveChatClientOptions({ baseUrl: 'http://127.0.0.1:1', proxy }).proxy;

  it('keeps the settings when an HTTP or an HTTPS proxy URL is set', () => {
    const http = { httpProxy: 'http://127.0.0.1:3128', httpsProxy: null, noProxy: 'localhost' };
    expect(resolve(http)).toEqual(http);
    const https = { httpsProxy: 'http://127.0.0.1:3129' };
    expect(resolve(https)).toEqual(https);
  });

  it('is null when no proxy URL is set, even with NO_PROXY', () => {
    expect(resolve(undefined)).toBeNull();
    expect(resolve({})).toBeNull();
    expect(resolve({ httpProxy: '', httpsProxy: '', noProxy: '*' })).toBeNull();
    expect(resolve({ httpProxy: null, httpsProxy: null })).toBeNull();
  });
});
