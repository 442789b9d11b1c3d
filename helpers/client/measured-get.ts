import type { Dispatcher } from 'undici';
import type { Outcome } from './outcome.js';
import {
  ERROR_BODY_BYTES,
  ERROR_MESSAGE_CHARS,
  errorCode,
  errorMessage,
  serverErrorMessage,
} from './response-meter.js';
import { type Redactor, redactThenCut } from './secret-redactor.js';

/** One measured GET (the meta scenario's `/v1/version` and `/v1/models`). */
export interface GetSample {
  outcome: Outcome;
  /** HTTP status; null when no response came. */
  status: number | null;
  /** Wall-clock time of t0, epoch ms. */
  startEpochMs: number;
  /** t0 -> response headers, ms; null when none came. */
  ttfbMs: number | null;
  /** t0 -> last body byte (or the moment the request failed), ms. */
  totalMs: number;
}

export interface MeasuredGetOptions {
  dispatcher: Dispatcher;
  origin: string;
  /** Path and query, e.g. `/v1/models`. */
  path: string;
  /** Request headers (auth); secret: never copied into a sample. */
  headers: Record<string, string>;
  /** Response headers within this long after t0, ms (undici's headersTimeout); 0: none. */
  headersTimeoutMs: number;
  /** The whole request within this long after t0, ms; 0: none. */
  totalTimeoutMs: number;
  /** Aborts the request; it ends as `aborted`. */
  signal?: AbortSignal;
  /** Keeps secrets out of the server's error text. */
  redact: Redactor;
}

/**
 * Sends one GET, never retried, and stamps it as the chat client does: t0 right before
 * `dispatch`, TTFB in undici's headers callback, total at the last body byte. A non-2xx answer
 * keeps the server's error text (redacted, then cut to 200 characters); a transport error
 * keeps its code (`ECONNREFUSED`, ...). Resolves, never rejects.
 */
export function measuredGet(options: MeasuredGetOptions): Promise<GetSample> {
  const t0Ms = performance.now();
  const startEpochMs = performance.timeOrigin + t0Ms;
  return new Promise<GetSample>((resolve) => {
    let controller: Dispatcher.DispatchController | null = null;
    let status: number | null = null;
    let headersAtMs: number | null = null;
    let settled = false;
    const body: Buffer[] = [];
    let bodyBytes = 0;
    const end = (atMs: number, outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (outcome.kind !== 'ok') controller?.abort(new Error('request ended by the client'));
      resolve({
        outcome,
        status,
        startEpochMs,
        ttfbMs: headersAtMs === null ? null : headersAtMs - t0Ms,
        totalMs: atMs - t0Ms,
      });
    };
    const onAbort = (): void => {
      const reason = options.signal?.reason;
      end(performance.now(), {
        kind: 'aborted',
        reason: reason instanceof Error ? reason.message : 'the caller aborted the request',
      });
    };
    const timer =
      options.totalTimeoutMs > 0
        ? setTimeout(
            () => end(performance.now(), { kind: 'timeout', phase: 'total' }),
            options.totalTimeoutMs,
          )
        : undefined;
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(new Error('request ended by the client'));
      },
      onResponseStart(_c, statusCode) {
        if (headersAtMs === null) headersAtMs = performance.now();
        status = statusCode;
      },
      onResponseData(_c, chunk) {
        // Only a failed answer's text is kept, and only its start.
        if (status !== null && (status < 200 || status > 299) && bodyBytes < ERROR_BODY_BYTES) {
          body.push(chunk);
          bodyBytes += chunk.length;
        }
      },
      onResponseEnd() {
        const atMs = performance.now();
        if (status !== null && status >= 200 && status <= 299) {
          end(atMs, { kind: 'ok' });
          return;
        }
        const text = serverErrorMessage(Buffer.concat(body).toString('utf8'));
        end(atMs, {
          kind: 'http-error',
          status: status ?? 0,
          message: redactThenCut(text, ERROR_MESSAGE_CHARS, options.redact),
        });
      },
      onResponseError(_c, error) {
        const atMs = performance.now();
        const code = errorCode(error);
        if (code === 'UND_ERR_CONNECT_TIMEOUT') end(atMs, { kind: 'timeout', phase: 'connect' });
        else if (code === 'UND_ERR_HEADERS_TIMEOUT')
          end(atMs, { kind: 'timeout', phase: 'headers' });
        else if (headersAtMs !== null)
          end(atMs, {
            kind: 'stream-error',
            error: 'cut',
            message: `the connection dropped mid-body (${code})`,
          });
        else
          end(atMs, {
            kind: 'connection-error',
            code,
            message: redactThenCut(errorMessage(error), ERROR_MESSAGE_CHARS, options.redact),
          });
      },
    };
    try {
      options.dispatcher.dispatch(
        {
          origin: options.origin,
          path: options.path,
          method: 'GET',
          headers: { accept: 'application/json', ...options.headers },
          headersTimeout: options.headersTimeoutMs,
          bodyTimeout: 0,
        },
        handler,
      );
    } catch (error) {
      handler.onResponseError?.(
        undefined as unknown as Dispatcher.DispatchController,
        error instanceof Error ? error : new Error(String(error)),
      );
    }
  });
}
