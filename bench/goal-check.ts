/** Comparison a goal makes between the measured value and its limit. */
export type GoalOp = '<' | '<=' | '>=' | '>';

/** What a goal asks for, before it is checked. */
export interface GoalSpec {
  /** Stable id, e.g. `pacing.rate-error.1000`. */
  id: string;
  /** One line for the table, e.g. `schedule lag p99 at 200 req/s`. */
  description: string;
  /** The measured value, in `unit`. */
  actual: number;
  op: GoalOp;
  /** The limit, in `unit`. */
  limit: number;
  /** Unit of `actual` and `limit`: `ms`, `%`, `events/s`, `bytes`... */
  unit: string;
}

/** A checked goal. */
export interface GoalCheck extends GoalSpec {
  /** True when `actual op limit` holds; a NaN actual (nothing measured) never meets a goal. */
  met: boolean;
}

export function checkGoal(spec: GoalSpec): GoalCheck {
  const { actual, limit } = spec;
  let met: boolean;
  switch (spec.op) {
    case '<':
      met = actual < limit;
      break;
    case '<=':
      met = actual <= limit;
      break;
    case '>=':
      met = actual >= limit;
      break;
    case '>':
      met = actual > limit;
      break;
  }
  return { ...spec, met: Number.isFinite(actual) && met };
}
