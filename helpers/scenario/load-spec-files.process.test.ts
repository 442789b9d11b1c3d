import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBaselineCli } from '../report/baseline-cli.js';
import {
  type LoadSpecsRun,
  runLoadSpecs,
  type SpecCaseResult,
} from '../testing/run-load-spec-files.js';

// The specs' own SLA path, end to end: real spec files in a child Vitest against the embedded
// simulator. Three child runs, two at a time; the slow one needs the healthy run's baseline.
const STREAM_SHORT = 'specs/stream/short.spec.ts';
const NONSTREAM_SHORT = 'specs/nonstream/short.spec.ts';
const CHILD_TIMEOUT_MS = 150_000;
const TEST_TIMEOUT_MS = 2 * CHILD_TIMEOUT_MS + 30_000;

/** Knobs every run shares: 8 arrivals in 2 s at 4/s, and the SLA limits stated here. */
const SHORT_RUN: Readonly<Record<string, string>> = {
  STREAM_RPS: '4',
  START_RATE: '0',
  RAMP_UP: '0s',
  HOLD: '2s',
  RAMP_DOWN: '0s',
  GRACEFUL_STOP: '20s',
  ARRIVALS: 'even',
  MAX_VUS: '50',
  MIN_SAMPLES: '5',
  SLA_FAILED_RATE: '0.02',
  SLA_STREAM_SHORT_TTFT_P95_MS: '1000',
  SLA_NONSTREAM_SHORT_DURATION_P95_MS: '4000',
  SLA_MAX_DROPPED: '0',
  REGRESSION_TOLERANCE: '0.1',
};

const dirs: string[] = [];
function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `load-specs-${label}-`));
  dirs.push(dir);
  return dir;
}

let healthy: Promise<LoadSpecsRun>;
let allFailing: Promise<LoadSpecsRun>;
let slow: Promise<LoadSpecsRun>;
let baselinePath = '';

beforeAll(() => {
  healthy = runLoadSpecs({
    specs: [STREAM_SHORT, NONSTREAM_SHORT],
    resultsDir: tempDir('healthy'),
    env: { ...SHORT_RUN, NONSTREAM_RPS: '0' },
    timeoutMs: CHILD_TIMEOUT_MS,
  });
  allFailing = runLoadSpecs({
    specs: [STREAM_SHORT, NONSTREAM_SHORT],
    resultsDir: tempDir('all-503'),
    env: { ...SHORT_RUN, NONSTREAM_RPS: '4', SIM_FAULT_STATUS_503_RATE: '1' },
    timeoutMs: CHILD_TIMEOUT_MS,
  });
  baselinePath = join(tempDir('baseline'), 'baseline.json');
  slow = healthy.then((run) => {
    // As `npm run baseline -- save <path> --from <summary.json>` does.
    const lines: string[] = [];
    const code = runBaselineCli(
      ['save', baselinePath, '--from', join(run.resultsDir, 'summary.json')],
      {},
      (line) => lines.push(line),
      (line) => lines.push(line),
    );
    if (code !== 0) throw new Error(`baseline save exited ${code}: ${lines.join('\n')}`);
    return runLoadSpecs({
      specs: [STREAM_SHORT],
      resultsDir: tempDir('slow'),
      env: {
        ...SHORT_RUN,
        NONSTREAM_RPS: '0',
        SIM_EXTRA_TTFT_MS: '1500',
        BASELINE: baselinePath,
        // A limit of 0 on a run without failures: only a strict `<` fails it.
        SLA_FAILED_RATE: '0',
      },
      timeoutMs: CHILD_TIMEOUT_MS,
    });
  });
  // Each test awaits the run it reads; these keep a failed run from being reported twice.
  for (const run of [healthy, allFailing, slow]) run.catch(() => {});
});

afterAll(async () => {
  await Promise.allSettled([healthy, allFailing, slow]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function caseNamed(run: LoadSpecsRun, describeName: string, start: string): SpecCaseResult {
  const found = run.cases.find((c) => c.name.startsWith(`${describeName} > ${start}`));
  if (found === undefined) {
    throw new Error(
      `no test "${describeName} > ${start}..." in junit.xml; cases: ${JSON.stringify(run.cases)}\n` +
        `output:\n${run.output}`,
    );
  }
  return found;
}

function summaryOf(run: LoadSpecsRun) {
  return JSON.parse(readFileSync(join(run.resultsDir, 'summary.json'), 'utf8'));
}

const STREAM = 'chat stream, short prompt';
const NONSTREAM = 'chat non-stream, short prompt';

describe('load specs run end to end against the embedded simulator', () => {
  it(
    'a healthy simulator passes every SLA of the stream spec and the run exits 0',
    async () => {
      const run = await healthy;
      expect(run.exitCode, run.output).toBe(0);
      expect(caseNamed(run, STREAM, 'fails fewer than 2% of requests').status).toBe('passed');
      expect(caseNamed(run, STREAM, 'p95 time to first token (status 200) < 1000 ms').status).toBe(
        'passed',
      );
      expect(caseNamed(run, STREAM, 'drops at most 0 iterations').status).toBe('passed');
      expect(caseNamed(run, STREAM, 'no regression').status).toBe('skipped');
      const stream = summaryOf(run).suite.scenarios.find(
        (s: { scenario: string }) => s.scenario === 'chat_stream',
      );
      expect(stream.requests).toBe(8);
      expect(stream.ok).toBe(8);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a scenario at rate 0 skips every test and says why',
    async () => {
      const run = await healthy;
      const nonstream = run.cases.filter((c) => c.name.startsWith(`${NONSTREAM} > `));
      expect(nonstream.map((c) => c.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
      const reason = 'NONSTREAM_RPS=0 disables the chat_nonstream scenario';
      expect(run.output).toContain(`chat_nonstream/short skipped: ${reason}`);
      const part = summaryOf(run).suite.scenarios.find(
        (s: { scenario: string }) => s.scenario === 'chat_nonstream',
      );
      expect(part).toMatchObject({ state: 'skipped', skipReason: reason, requests: 0 });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a simulator 1500 ms slower to the first token fails the TTFT SLA with exit code 1 and the measured p95',
    async () => {
      const run = await slow;
      expect(run.exitCode, run.output).toBe(1);
      const ttft = caseNamed(run, STREAM, 'p95 time to first token (status 200) < 1000 ms');
      expect(ttft.status, run.output).toBe('failed');
      const shown =
        /measured {6}p\(95\) = ([\d.]+) ms(?:, 95% CI [^(]*(?:\([^)]*\))?)? \(must be < 1000\)/.exec(
          ttft.failure,
        );
      expect(shown, ttft.failure).not.toBeNull();
      const measuredMs = Number(shown?.[1]);
      // The simulator adds 1500 ms before the first token: no p95 can be below that.
      expect(measuredMs).toBeGreaterThanOrEqual(1500);
      expect(run.output).toContain(shown?.[0].slice('measured      '.length));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a failure-rate limit of 0 fails even a run without failures, because limits are strict',
    async () => {
      const run = await slow;
      const failed = caseNamed(run, STREAM, 'fails fewer than 0% of requests');
      expect(failed.status, run.output).toBe('failed');
      expect(failed.failure).toContain('measured      rate = 0 (0%) (must be < 0)');
      expect(failed.failure).toContain('none of 8 requests');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a run slower than the saved baseline fails the regression test, naming the metric',
    async () => {
      const run = await slow;
      const regression = caseNamed(run, STREAM, 'no regression against the baseline');
      expect(regression.status, run.output).toBe('failed');
      expect(regression.failure).toContain(baselinePath);
      expect(regression.failure).toMatch(/TTFT/i);
      // The other test of the same run that compares nothing still passes.
      expect(caseNamed(run, STREAM, 'drops at most 0 iterations').status).toBe('passed');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'every request answered 503 fails the latency SLAs as "no samples" with the reason',
    async () => {
      const run = await allFailing;
      expect(run.exitCode, run.output).toBe(1);
      const why = (scenario: string) =>
        `every request failed for {scenario:${scenario},prompt:short}: 8 of 8 had outcome ` +
        'http-error (status 503: 8)';
      const ttft = caseNamed(run, STREAM, 'p95 time to first token (status 200) < 1000 ms');
      expect(ttft.status).toBe('failed');
      expect(ttft.failure).toContain('SLA failed (no samples)');
      expect(ttft.failure).toContain(why('chat_stream'));
      const duration = caseNamed(run, NONSTREAM, 'p95 request duration (status 200) < 4000 ms');
      expect(duration.status).toBe('failed');
      expect(duration.failure).toContain('SLA failed (no samples)');
      expect(duration.failure).toContain(why('chat_nonstream'));
      expect(caseNamed(run, STREAM, 'fails fewer than 2% of requests').failure).toContain(
        'measured      rate = 1 (100%)',
      );
    },
    TEST_TIMEOUT_MS,
  );
});
