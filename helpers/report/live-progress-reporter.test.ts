import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScenarioProgressFile, writeScenarioProgress } from '../scenario/scenario-part.js';
import { LiveProgressReporter } from './live-progress-reporter.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-progress-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function progress(
  elapsedMs: number,
  state: ScenarioProgressFile['state'] = 'running',
): ScenarioProgressFile {
  return {
    format: 'scenario-progress',
    version: 1,
    scenario: 'chat_stream',
    prompt: 'short',
    pid: 1,
    state,
    startedEpochMs: Date.now(),
    updatedEpochMs: Date.now(),
    scheduleDurationMs: 30_000,
    progress: {
      phase: 'scheduling',
      elapsedMs,
      scheduled: 5,
      started: 5,
      dropped: 0,
      completed: 4,
      aborted: 0,
      iterateErrors: 0,
      inFlight: 1,
    },
    live: { failed: 0, ttftP95Ms: 120, ttftWindowCount: 4 },
  };
}

function plainReporter(lines: string[]): LiveProgressReporter {
  return new LiveProgressReporter({
    resultsDir: dir,
    tty: false,
    plainEveryMs: 0,
    write: (l) => lines.push(l),
  });
}

describe('LiveProgressReporter', () => {
  it('prints a plain line per running scenario when output is not a terminal', () => {
    const lines: string[] = [];
    const reporter = plainReporter(lines);
    reporter.onTestRunStart();
    writeScenarioProgress(dir, progress(4000));
    reporter.poll();
    reporter.onTestRunEnd();
    expect(lines).toEqual([
      '[progress] chat_stream/short  0:04/0:30  sent 5  done 4  in flight 1  failed 0  dropped 0  p95 TTFT 120 ms',
    ]);
  });

  it('shows nothing for runs shorter than a few seconds or scenarios that are done', () => {
    const lines: string[] = [];
    const reporter = plainReporter(lines);
    reporter.onTestRunStart();
    writeScenarioProgress(dir, progress(1500));
    reporter.poll();
    writeScenarioProgress(dir, progress(30_000, 'done'));
    reporter.poll();
    reporter.onTestRunEnd();
    expect(lines).toEqual([]);
  });

  it('waits the plain interval between two prints', () => {
    const lines: string[] = [];
    const reporter = new LiveProgressReporter({
      resultsDir: dir,
      tty: false,
      plainEveryMs: 60_000,
      write: (l) => lines.push(l),
    });
    reporter.onTestRunStart();
    writeScenarioProgress(dir, progress(4000));
    reporter.poll();
    reporter.onTestRunEnd();
    expect(lines).toEqual([]);
  });
});
