import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { secretPiecesIn } from '../client/testing/secret-pieces.js';
import { type ScenarioProgressFile, writeScenarioProgress } from '../scenario/scenario-part.js';
import { LiveProgressReporter } from './live-progress-reporter.js';

// The progress lines show names from the run (scenario, prompt): a secret that reached one of
// them (a fixture named after a key, say) must not reach the terminal either.
const KEY = 'sk-probe-SECRET-7f3a9c2e11d04b';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-progress-secrets-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function progress(prompt: string): ScenarioProgressFile {
  return {
    format: 'scenario-progress',
    version: 1,
    scenario: 'chat_stream',
    prompt,
    pid: 1,
    state: 'running',
    startedEpochMs: Date.now(),
    updatedEpochMs: Date.now(),
    scheduleDurationMs: 30_000,
    progress: {
      phase: 'scheduling',
      elapsedMs: 5000,
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

describe('live progress lines', () => {
  it('show no piece of a secret in plain lines', () => {
    const lines: string[] = [];
    const reporter = new LiveProgressReporter({
      resultsDir: dir,
      secrets: [KEY],
      tty: false,
      plainEveryMs: 0,
      write: (line) => lines.push(line),
    });
    reporter.onTestRunStart();
    writeScenarioProgress(dir, progress(`p-${KEY.slice(0, 20)}`));
    reporter.poll();
    reporter.onTestRunEnd();
    expect(lines).toEqual([
      '[progress] chat_stream/p-[redacted]  0:05/0:30  sent 5  done 4  in flight 1  failed 0  dropped 0  p95 TTFT 120 ms',
    ]);
    expect(secretPiecesIn(lines.join('\n'), [KEY])).toEqual([]);
  });

  it('show no piece of a secret in the line rewritten in place on a terminal', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const reporter = new LiveProgressReporter({ resultsDir: dir, secrets: [KEY], tty: true });
    reporter.onTestRunStart();
    writeScenarioProgress(dir, progress(`p_${KEY.slice(3, 25)}`));
    reporter.poll();
    reporter.onTestRunEnd();
    vi.restoreAllMocks();
    const text = written.join('');
    expect(text).toContain('chat_stream/p_[redacted]');
    expect(secretPiecesIn(text, [KEY])).toEqual([]);
  });

  it('take the secrets from API_KEY and LOADTEST_TOKEN by default', () => {
    vi.stubEnv('API_KEY', KEY);
    const lines: string[] = [];
    const reporter = new LiveProgressReporter({
      resultsDir: dir,
      tty: false,
      plainEveryMs: 0,
      write: (line) => lines.push(line),
    });
    reporter.onTestRunStart();
    writeScenarioProgress(dir, progress(`p-${KEY}`));
    reporter.poll();
    reporter.onTestRunEnd();
    vi.unstubAllEnvs();
    expect(lines.join('\n')).toContain('chat_stream/p-[redacted]');
    expect(secretPiecesIn(lines.join('\n'), [KEY])).toEqual([]);
  });
});
