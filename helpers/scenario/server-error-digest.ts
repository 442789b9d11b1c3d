import { type Outcome, type OutcomeCode, outcomeCode } from '../client/outcome.js';

/** One distinct error of a scenario: what the server (or the transport) said, and how often. */
export interface ServerErrorEntry {
  outcome: OutcomeCode;
  /** HTTP status; null when no response came. */
  status: number | null;
  /** The server's error text (already redacted and cut by the client), or the transport's code and text. */
  message: string;
  count: number;
}

/** The first few distinct errors of a scenario, with counts; the rest only counted. */
export interface ServerErrors {
  entries: ServerErrorEntry[];
  /** Failed requests whose error was not among the entries. */
  otherCount: number;
}

/** Distinct errors kept per scenario. */
export const MAX_DISTINCT_ERRORS = 5;

/**
 * Collects the errors of a scenario's requests in arrival order: the first `maxDistinct`
 * distinct (outcome, status, message) triples with their counts. Requests the run itself
 * aborted are left out (they say nothing about the server). Cheap per request.
 */
export class ServerErrorDigest {
  private readonly byKey = new Map<string, ServerErrorEntry>();
  private otherCount = 0;

  constructor(private readonly maxDistinct = MAX_DISTINCT_ERRORS) {}

  add(outcome: Outcome, status: number | null): void {
    if (outcome.kind === 'ok' || outcome.kind === 'aborted') return;
    const message = errorText(outcome);
    const code = outcomeCode(outcome);
    const statusOrNull = status === null || status === 0 ? null : status;
    const key = `${code}\u0000${statusOrNull}\u0000${message}`;
    const entry = this.byKey.get(key);
    if (entry !== undefined) entry.count += 1;
    else if (this.byKey.size < this.maxDistinct)
      this.byKey.set(key, { outcome: code, status: statusOrNull, message, count: 1 });
    else this.otherCount += 1;
  }

  result(): ServerErrors {
    return {
      entries: [...this.byKey.values()].map((e) => ({ ...e })),
      otherCount: this.otherCount,
    };
  }
}

function errorText(outcome: Exclude<Outcome, { kind: 'ok' } | { kind: 'aborted' }>): string {
  switch (outcome.kind) {
    case 'http-error':
      return outcome.message;
    case 'connection-error':
      // The errno first: ECONNREFUSED, ECONNRESET, ...
      return outcome.message.includes(outcome.code)
        ? outcome.message
        : `${outcome.code}: ${outcome.message}`;
    case 'stream-error':
      return outcome.message;
    case 'timeout':
      return `no progress within the ${outcome.phase} timeout`;
  }
}

/**
 * The errors as lines: `503 http-error x12: "queue full"`, then `... and 3 more failed
 * requests with other errors`. Empty when there were none.
 */
export function formatServerErrors(errors: ServerErrors | null | undefined): string[] {
  if (errors == null) return [];
  const lines = errors.entries.map(
    (e) =>
      `${e.status === null ? 'no status' : e.status} ${e.outcome} x${e.count}: ${JSON.stringify(e.message)}`,
  );
  if (errors.otherCount > 0) {
    lines.push(`... and ${errors.otherCount} more failed requests with other errors`);
  }
  return lines;
}
