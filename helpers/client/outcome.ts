/** Phase of a request in which a timeout fired. */
export type TimeoutPhase = 'connect' | 'headers' | 'first-token' | 'idle' | 'total';

/** Ways a streamed body can be wrong even though the status was 2xx. */
export type StreamErrorKind =
  | 'invalid-json'
  | 'missing-done'
  | 'cut'
  | 'error-event'
  | 'empty-completion';

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
