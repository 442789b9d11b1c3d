import { request } from 'undici';

/** What a smoke GET came back with. */
export type GetJsonResult =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'not-json'; status: number; contentType: string; bodyStart: string }
  | { kind: 'connection-error'; code: string; message: string };

const BODY_LIMIT_BYTES = 1 << 20;

/**
 * One GET with the given headers, no retries. The body is read up to 1 MiB. Error texts from
 * the transport never contain the request headers, so credentials cannot leak through them.
 */
export async function getJson(
  url: string,
  headers: Record<string, string>,
  timeoutMs = 10_000,
): Promise<GetJsonResult> {
  try {
    const response = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...headers },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
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
      return {
        kind: 'not-json',
        status: response.statusCode,
        contentType,
        bodyStart: text.slice(0, 200),
      };
    }
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error
        ? String((error as { code: unknown }).code)
        : 'UNKNOWN';
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'connection-error', code, message };
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
