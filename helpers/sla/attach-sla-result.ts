import type { TaskMeta } from 'vitest';
import type { SlaResult } from './check-sla.js';

declare module 'vitest' {
  interface TaskMeta {
    /** SLA results of the test, in check order; reporters read them from `testCase.meta()`. */
    slaResults?: SlaResult[];
  }
}

/** Appends `result` to `task.meta.slaResults`: `onResult: (r) => attachSlaResult(task, r)`. */
export function attachSlaResult(task: { meta: TaskMeta }, result: SlaResult): void {
  task.meta.slaResults = [...(task.meta.slaResults ?? []), result];
}
