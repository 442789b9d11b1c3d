import type { Dispatcher } from 'undici';
import { SeparatorCounter } from './separator-counter.js';

/** One request of a bare loop: where to, with which JSON body. */
export interface BareRequest {
  dispatcher: Dispatcher;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** e.g. `/v1/chat/completions`. */
  path: string;
  /** JSON text. */
  body: string;
  /** Aborts the request (the loop's time guard). */
  signal?: AbortSignal;
}

const STREAM_HEADERS = { 'content-type': 'application/json', accept: 'text/event-stream' };
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/**
 * The baseline a hand-written undici loop gives: POST, then only count bytes and `\n\n`
 * separators of the body; no parsing, no timing. Resolves with the separator count; throws
 * on a non-200 status.
 */
export async function bareStreamRequest(request: BareRequest): Promise<number> {
  const response = await request.dispatcher.request({
    origin: request.origin,
    path: request.path,
    method: 'POST',
    headers: STREAM_HEADERS,
    body: request.body,
    signal: request.signal,
  });
  const counter = new SeparatorCounter();
  for await (const chunk of response.body) counter.push(chunk as Buffer);
  if (response.statusCode !== 200) throw new Error(`bare stream: HTTP ${response.statusCode}`);
  return counter.separators;
}

/** The bare non-stream baseline: POST, read the body as text; throws on a non-200 status. */
export async function bareJsonRequest(request: BareRequest): Promise<number> {
  const response = await request.dispatcher.request({
    origin: request.origin,
    path: request.path,
    method: 'POST',
    headers: JSON_HEADERS,
    body: request.body,
    signal: request.signal,
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`bare request: HTTP ${response.statusCode}`);
  return text.length;
}

/** What the bare timed stream saw: one arrival stamp per SSE event. */
export interface BareTimedStream {
  statusCode: number;
  /** `id` of the first event that has one (to find the server's truth record). */
  responseId: string | null;
  /** performance.now() of the chunk that completed each event, in order. */
  eventArrivalMs: number[];
}

const ID_FIELD = '"id":"';

/**
 * The lowest-latency client undici allows: a bare dispatch handler that stamps each body
 * chunk with performance.now() and counts the `\n\n` it holds, nothing else. Its timing
 * error is the floor any Node client has on this machine.
 */
export function bareTimedStream(request: BareRequest): Promise<BareTimedStream> {
  return new Promise((resolve, reject) => {
    const counter = new SeparatorCounter();
    const result: BareTimedStream = { statusCode: 0, responseId: null, eventArrivalMs: [] };
    let head = '';
    let controller: Dispatcher.DispatchController | null = null;
    const onAbort = (): void => {
      controller?.abort(new Error('bare timed stream aborted'));
      reject(new Error('bare timed stream aborted'));
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    request.dispatcher.dispatch(
      {
        origin: request.origin,
        path: request.path,
        method: 'POST',
        headers: STREAM_HEADERS,
        body: request.body,
      },
      {
        onRequestStart(started) {
          controller = started;
          if (request.signal?.aborted) started.abort(new Error('bare timed stream aborted'));
        },
        onResponseStart(_controller, statusCode) {
          result.statusCode = statusCode;
        },
        onResponseData(_controller, chunk) {
          const atMs = performance.now();
          const before = counter.separators;
          counter.push(chunk);
          for (let i = before; i < counter.separators; i++) result.eventArrivalMs.push(atMs);
          // The id is read once, from the first bytes: not on the per-event path.
          if (result.responseId === null && head.length < 4096) {
            head += chunk.toString('latin1', 0, Math.min(chunk.length, 4096));
            const at = head.indexOf(ID_FIELD);
            const end = at === -1 ? -1 : head.indexOf('"', at + ID_FIELD.length);
            if (end !== -1) result.responseId = head.slice(at + ID_FIELD.length, end);
          }
        },
        onResponseEnd() {
          request.signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
        onResponseError(_controller, error) {
          request.signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      },
    );
  });
}
