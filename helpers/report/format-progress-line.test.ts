import { describe, expect, it } from 'vitest';
import type { ScenarioProgressFile } from '../scenario/scenario-part.js';
import { formatProgressLine } from './format-progress-line.js';

const FILE: ScenarioProgressFile = {
  format: 'scenario-progress',
  version: 1,
  scenario: 'chat_stream',
  prompt: 'short',
  pid: 1,
  state: 'running',
  startedEpochMs: 0,
  updatedEpochMs: 0,
  scheduleDurationMs: 300_000,
  progress: {
    phase: 'scheduling',
    elapsedMs: 72_400,
    scheduled: 130,
    started: 128,
    dropped: 2,
    completed: 120,
    aborted: 0,
    iterateErrors: 0,
    inFlight: 8,
  },
  live: { failed: 3, ttftP95Ms: 812.4, ttftWindowCount: 117 },
};

describe('formatProgressLine', () => {
  it('shows elapsed and total time, sent, done, in flight, failed, dropped and p95 TTFT', () => {
    expect(formatProgressLine(FILE)).toBe(
      'chat_stream/short  1:12/5:00  sent 128  done 120  in flight 8  failed 3  dropped 2  p95 TTFT 812 ms',
    );
  });

  it('says when the schedule is over and in-flight requests are finishing', () => {
    const file = { ...FILE, progress: { ...FILE.progress!, phase: 'graceful-stop' as const } };
    expect(formatProgressLine(file)).toMatch(/ {2}\(finishing in-flight\)$/);
  });

  it('shows a dash before the first TTFT', () => {
    expect(
      formatProgressLine({ ...FILE, live: { failed: 0, ttftP95Ms: null, ttftWindowCount: 0 } }),
    ).toContain('failed 0  dropped 2  p95 TTFT -');
  });

  it('says p95 total for a non-stream scenario, whose TTFT is its total time', () => {
    expect(formatProgressLine({ ...FILE, scenario: 'chat_nonstream' })).toBe(
      'chat_nonstream/short  1:12/5:00  sent 128  done 120  in flight 8  failed 3  dropped 2  p95 total 812 ms',
    );
  });
});
