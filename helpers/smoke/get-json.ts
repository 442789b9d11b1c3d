import type { Dispatcher } from 'undici';
import type { ProxySettings } from '../client/chat-client-options.js';
import { Agent, EnvHttpProxyAgent } from '../client/undici-parts.js';

/** How smoke requests reach the server: the load client's TLS and proxy settings. */
export interface SmokeTransport {
  /** INSECURE_SKIP_TLS_VERIFY: accept any server certificate. */
  insecureSkipTlsVerify?: boolean;
  /** HTTP_PROXY, HTTPS_PROXY, NO_PROXY. */
  proxy?: ProxySettings;
}

/** Time bounds of one smoke request, ms. */
export interface SmokeRequestLimits {
  /** The whole request: connect, headers and the entire body. */
  totalMs: number;
  /** TCP (and TLS) connect; at most `totalMs`. */
  connectMs: number;
}

/** Phase a smoke request was in when its time ran out. */
export type SmokeTimeoutPhase = 'connect' | 'headers' | 'body';

/**
 * What a smoke GET came back with. Body texts are the server's words as sent: quote them only
 * through `redactThenCut`, which keeps secrets out.
 */
export type GetJsonResult =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'not-json'; status: number; contentType: string; bodyText: string }
  | { kind: 'connection-error'; code: string; message: string }
  | { kind: 'timeout'; phase: SmokeTimeoutPhase; limitMs: number; bytesReceived: number };

/** Bytes of a body kept for parsing and messages; the rest is read and dropped. */
const BODY_LIMIT_BYTES = 1 << 20;

/**
 * One GET with the given headers, no retries, bounded in time: the connect by
 * `limits.connectMs`, the whole exchange (headers and every body byte) by `limits.totalMs`,
 * so a body that never ends fails with its phase instead of hanging the test. The body is
 * kept up to 1 MiB. Transport error texts never contain the request headers.
 */
export async function getJson(
  url: string,
  headers: Record<string, string>,
  limits: SmokeRequestLimits,
  transport: SmokeTransport = {},
): Promise<GetJsonResult> {
  const connectMs = Math.min(limits.connectMs, limits.totalMs);
  const agentOptions = {
    connect:
      transport.insecureSkipTlsVerify === true
        ? { timeout: connectMs, rejectUnauthorized: false }
        : { timeout: connectMs },
    // The total timer below bounds these phases; undici's own timers are coarse.
    headersTimeout: 0,
    bodyTimeout: 0,
  };
  const proxy = transport.proxy;
  const agent: Dispatcher =
    proxy?.httpProxy || proxy?.httpsProxy
      ? new EnvHttpProxyAgent({
          ...agentOptions,
          ...(proxy.httpProxy ? { httpProxy: proxy.httpProxy } : {}),
          ...(proxy.httpsProxy ? { httpsProxy: proxy.httpsProxy } : {}),
          ...(proxy.noProxy ? { noProxy: proxy.noProxy } : {}),
          ...(transport.insecureSkipTlsVerify === true
            ? { requestTls: { rejectUnauthorized: false } }
            : {}),
        })
      : new Agent(agentOptions);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.totalMs);
  let phase: 'headers' | 'body' = 'headers';
  let size = 0;
  try {
    const target = new URL(url);
    // What undici's top-level request(url, options) does with the URL (undici-parts.ts).
    const response = await agent.request({
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      headers: { accept: 'application/json', ...headers },
      signal: controller.signal,
    });
    phase = 'body';
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      if (size < BODY_LIMIT_BYTES) chunks.push(buffer);
      size += buffer.length;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const contentType = String(response.headers['content-type'] ?? '');
    try {
      return { kind: 'json', status: response.statusCode, body: JSON.parse(text) };
    } catch {
      return { kind: 'not-json', status: response.statusCode, contentType, bodyText: text };
    }
  } catch (error) {
    if (controller.signal.aborted) {
      return { kind: 'timeout', phase, limitMs: limits.totalMs, bytesReceived: size };
    }
    const code =
      typeof error === 'object' && error !== null && 'code' in error
        ? String((error as { code: unknown }).code)
        : 'UNKNOWN';
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return { kind: 'timeout', phase: 'connect', limitMs: connectMs, bytesReceived: 0 };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'connection-error', code, message };
  } finally {
    clearTimeout(timer);
    await agent.destroy().catch(() => undefined);
  }
}

/** The model ids of an OpenAI-style `/v1/models` list, or `null` when the body has none. */
export function modelIds(body: unknown): string[] | null {
  if (typeof body !== 'object' || body === null) return null;
  const data = (body as { data?: unknown }).data;
  // Some servers (Ollama's /api/tags style) use `models`; OpenAI and vLLM use `data`.
  const list = Array.isArray(data) ? data : (body as { models?: unknown }).models;
  if (!Array.isArray(list)) return null;
  return list
    .map((entry) =>
      typeof entry === 'object' && entry !== null
        ? ((entry as { id?: unknown; name?: unknown; model?: unknown }).id ??
          (entry as { name?: unknown }).name)
        : undefined,
    )
    .filter((id): id is string => typeof id === 'string');
}
