/** Phase of a request in which a timeout fired. */
export type TimeoutPhase = 'connect' | 'headers' | 'first-token' | 'idle' | 'total';

/** Ways a body can be wrong even though the status was 2xx. */
export type StreamErrorKind =
  /** A `data:` payload (or a non-stream body) that is not a JSON object. */
  | 'invalid-json'
  /** The stream ended cleanly without `data: [DONE]`. */
  | 'missing-done'
  /** The connection dropped mid-body. */
  | 'cut'
  /** The server sent `event: error` or an object with an `error` field. */
  | 'error-event'
  /** A 2xx stream or body carried no output at all. */
  | 'empty-completion'
  /** One SSE event or a JSON body exceeded the client's `maxBufferedBytes`. */
  | 'too-large';

/** How one request ended. Every non-ok outcome counts as a failure in `http_req_failed`. */
export type Outcome =
  | { kind: 'ok' }
  | { kind: 'http-error'; status: number; message: string }
  | { kind: 'timeout'; phase: TimeoutPhase }
  | { kind: 'connection-error'; code: string; message: string }
  | { kind: 'stream-error'; error: StreamErrorKind; message: string }
  | { kind: 'aborted'; reason: string };

/** Flat, stable code for an outcome; used as the `outcome` tag on every sample. */
export type OutcomeCode =
  | 'ok'
  | 'http-error'
  | `timeout-${TimeoutPhase}`
  | 'connection-error'
  | `stream-${StreamErrorKind}`
  | 'aborted';

export function outcomeCode(outcome: Outcome): OutcomeCode {
  switch (outcome.kind) {
    case 'ok':
    case 'http-error':
    case 'connection-error':
    case 'aborted':
      return outcome.kind;
    case 'timeout':
      return `timeout-${outcome.phase}`;
    case 'stream-error':
      return `stream-${outcome.error}`;
  }
}
