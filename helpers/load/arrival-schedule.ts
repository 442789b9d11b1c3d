import { checkNumber, LoadConfigError, type LoadIssue } from './load-config-error.js';

/** One stage of a ramping arrival rate, as in k6's `ramping-arrival-rate`. */
export interface Stage {
  /** Length of the stage, ms; 0 is allowed and the stage is skipped. */
  durationMs: number;
  /** Rate reached at the end of the stage, arrivals per second; it ramps linearly to it. */
  targetRatePerSec: number;
}

/**
 * An open-model arrival-rate schedule: the rate starts at `startRatePerSec` and, within each
 * stage, ramps linearly from the previous stage's target to this stage's target.
 */
export interface ArrivalSchedule {
  /** Rate at time 0, arrivals per second. */
  startRatePerSec: number;
  /** Stages in order; the schedule lasts the sum of their durations. */
  stages: readonly Stage[];
}

/** k6's `constant-arrival-rate`: one stage whose start rate equals its target. */
export function constantArrivalRate(ratePerSec: number, durationMs: number): ArrivalSchedule {
  return { startRatePerSec: ratePerSec, stages: [{ durationMs, targetRatePerSec: ratePerSec }] };
}

/** Length of the schedule, ms: the end of its last stage. */
export function scheduleDurationMs(schedule: ArrivalSchedule): number {
  let totalMs = 0;
  for (const stage of schedule.stages) totalMs += stage.durationMs;
  return totalMs;
}

/** Every problem with the schedule; empty when it is valid. */
export function checkSchedule(schedule: ArrivalSchedule): LoadIssue[] {
  const issues: LoadIssue[] = [];
  checkNumber(issues, 'startRatePerSec', schedule.startRatePerSec, {
    min: 0,
    unit: 'arrivals per second',
  });
  schedule.stages.forEach((stage, i) => {
    checkNumber(issues, `stages[${i}].durationMs`, stage.durationMs, { min: 0, unit: 'ms' });
    checkNumber(issues, `stages[${i}].targetRatePerSec`, stage.targetRatePerSec, {
      min: 0,
      unit: 'arrivals per second',
    });
  });
  return issues;
}

/** Throws a `LoadConfigError` listing every problem when the schedule is invalid. */
export function assertValidSchedule(schedule: ArrivalSchedule): void {
  const issues = checkSchedule(schedule);
  if (issues.length > 0) throw new LoadConfigError(issues);
}
