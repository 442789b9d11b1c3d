import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One id per `vitest run`, the same for every project (see `runIdOfThisProcess`). */
    runId: string;
  }
}

const KEY = Symbol.for('llm-perf-specs.run-id');

/**
 * The id of this Vitest run. Every project's global setup runs in the one main process, so
 * they share it through `globalThis`: files a smoke spec writes can be told apart from an
 * earlier run's by the load specs of the same run.
 */
export function runIdOfThisProcess(): string {
  const holder = globalThis as { [KEY]?: string };
  holder[KEY] ??= randomUUID();
  return holder[KEY];
}

/** The run id the global setup provided; null when a spec runs without it. */
export function providedRunId(): string | null {
  return inject('runId') ?? null;
}
