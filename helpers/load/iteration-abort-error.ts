/** Why the runner aborted an iteration's signal. */
export type IterationAbortCode =
  /** The schedule ended and the iteration outlived `gracefulStopMs`. */
  | 'LOAD_GRACEFUL_STOP_EXPIRED'
  /** The run was stopped early (external signal or `stop()`). */
  | 'LOAD_RUN_STOPPED';

/**
 * The `reason` of an aborted iteration signal. Named `AbortError` like the platform's own,
 * so code that checks `error.name === 'AbortError'` treats it as an abort.
 */
export class IterationAbortError extends Error {
  readonly code: IterationAbortCode;

  constructor(code: IterationAbortCode, message: string) {
    super(message);
    this.name = 'AbortError';
    this.code = code;
  }
}
