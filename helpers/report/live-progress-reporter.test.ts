import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Vitest } from 'vitest/node';
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
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const startMs = Date.parse('2026-11-30T12:00:00Z');
      vi.setSystemTime(startMs);
      const lines: string[] = [];
      const reporter = new LiveProgressReporter({
        resultsDir: dir,
        tty: false,
        plainEveryMs: 5000,
        write: (l) => lines.push(l),
      });
      reporter.onTestRunStart();
      writeScenarioProgress(dir, progress(4000));
      const printsAt = (elapsedMs: number): number => {
        vi.setSystemTime(startMs + elapsedMs);
        reporter.poll();
        return lines.length;
      };
      expect(printsAt(4999)).toBe(0);
      expect(printsAt(5000)).toBe(1);
      expect(printsAt(9999)).toBe(1);
      expect(printsAt(10_000)).toBe(2);
      reporter.onTestRunEnd();
    } finally {
      vi.useRealTimers();
    }
  });
});

/** A Vitest stand-in with a terminal as output and, optionally, the default reporter's window. */
function terminalVitest(window: { getWindow: () => string[] } | null) {
  const writes: string[] = [];
  const vitest = {
    logger: {
      outputStream: { isTTY: true, columns: 40, write: (text: string) => writes.push(text) },
      log: () => {
        throw new Error('a terminal gets no plain lines');
      },
    },
    reporters: window === null ? [] : [{ summary: { renderer: { options: window } } }],
  };
  return { vitest: vitest as unknown as Vitest, writes };
}

describe('LiveProgressReporter on a terminal', () => {
  it('rewrites one line in place, cut to the terminal width, and clears it at the end', () => {
    const { vitest, writes } = terminalVitest(null);
    const reporter = new LiveProgressReporter({ resultsDir: dir });
    reporter.onInit(vitest);
    reporter.onTestRunStart();
    writeScenarioProgress(dir, progress(4000));
    reporter.poll();
    writeScenarioProgress(dir, progress(9000));
    reporter.poll();
    reporter.onTestRunEnd();
    expect(writes).toEqual([
      '\r\x1b[2Kchat_stream/short  0:04/0:30  sent 5  d',
      '\r\x1b[2Kchat_stream/short  0:09/0:30  sent 5  d',
      '\r\x1b[2K',
    ]);
  });

  it("adds its lines to Vitest's live window and gives the window back at the end", () => {
    const window = { getWindow: () => ['vitest summary'] };
    const original = window.getWindow;
    const { vitest, writes } = terminalVitest(window);
    const reporter = new LiveProgressReporter({ resultsDir: dir });
    reporter.onInit(vitest);
    reporter.onTestRunStart();
    expect(window.getWindow()).toEqual(['vitest summary']);
    writeScenarioProgress(dir, progress(4000));
    reporter.poll();
    expect(window.getWindow()).toEqual([
      'vitest summary',
      'chat_stream/short  0:04/0:30  sent 5  done 4  in flight 1  failed 0  dropped 0  p95 TTFT 120 ms',
      '',
    ]);
    reporter.onTestRunEnd();
    expect(window.getWindow).toBe(original);
    // The window redraws itself: nothing is written around it.
    expect(writes).toEqual([]);
  });
});
