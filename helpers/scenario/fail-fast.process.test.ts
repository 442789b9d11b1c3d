import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/simulator.js';
import { type LoadSpecsRun, runLoadSpecs } from '../testing/run-load-spec-files.js';

// Real spec files in a child Vitest against a simulator started here, so that its counters
// tell how many requests of each kind the child sent.
const STREAM_SHORT = 'specs/stream/short.spec.ts';
const CHILD_TIMEOUT_MS = 120_000;
const SHORT_RUN: Readonly<Record<string, string>> = {
  STREAM_RPS: '5',
  NONSTREAM_RPS: '0',
  START_RATE: '0',
  RAMP_UP: '0s',
  HOLD: '2s',
  RAMP_DOWN: '0s',
  GRACEFUL_STOP: '10s',
  MIN_SAMPLES: '5',
  SKIP_VERSION_CHECK: '1',
};

const dirs: string[] = [];
const simulators: Simulator[] = [];
afterAll(async () => {
  for (const sim of simulators) await sim.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function runAgainstSimulator(
  label: string,
  env: Record<string, string>,
  projects: string[],
  specs: string[],
  simOptions: Parameters<typeof startSimulator>[0] = {},
): Promise<{ run: LoadSpecsRun; sim: Simulator; summary: SuiteJson }> {
  const sim = await startSimulator({ models: ['jan-v1-4b'], outputTokens: 4, ...simOptions });
  simulators.push(sim);
  const resultsDir = mkdtempSync(join(tmpdir(), `fail-fast-${label}-`));
  dirs.push(resultsDir);
  const run = await runLoadSpecs({
    specs,
    projects,
    resultsDir,
    env: { ...SHORT_RUN, BASE: sim.url, ...env },
    timeoutMs: CHILD_TIMEOUT_MS,
  });
  const summary = JSON.parse(readFileSync(join(resultsDir, 'summary.json'), 'utf8')) as SuiteJson;
  return { run, sim, summary };
}

interface SuiteJson {
  suite: {
    scenarios: {
      scenario: string;
      state: string;
      skipReason: string | null;
      requests: number;
      abortReason: string | null;
      serverErrors: { entries: { status: number | null; message: string; count: number }[] } | null;
    }[];
  };
}

describe('a failed smoke check stops the load', () => {
  it('a wrong MODEL fails the smoke check and sends no chat request', async () => {
    const { run, sim, summary } = await runAgainstSimulator(
      'wrong-model',
      { MODEL: 'no-such-model' },
      ['smoke', 'load'],
      ['specs/smoke/models.spec.ts', STREAM_SHORT],
    );
    expect(sim.stats().completions).toBe(0);
    // One GET /v1/models, by the smoke spec: the load spec read its verdict, not the server.
    expect(sim.stats().requests).toBe(1);
    expect(run.exitCode).toBe(1);
    const load = run.cases.filter((c) => c.name.startsWith('chat stream'));
    expect(load.length).toBeGreaterThan(0);
    expect(load.every((c) => c.status === 'skipped')).toBe(true);
    const stream = summary.suite.scenarios.find((s) => s.scenario === 'chat_stream');
    expect(stream?.state).toBe('skipped');
    expect(stream?.skipReason).toMatch(
      /^the smoke check GET \/v1\/models failed, so no load was sent: MODEL "no-such-model" is not served by .*\(set LOAD_DESPITE_SMOKE=1 to run the load anyway\)$/,
    );
    expect(run.output).toContain(
      'chat_stream/short skipped: the smoke check GET /v1/models failed',
    );
  });

  it('runs the smoke check itself when the smoke specs are not part of the run', async () => {
    const { sim, summary } = await runAgainstSimulator(
      'no-smoke-project',
      { MODEL: 'no-such-model' },
      ['load'],
      [STREAM_SHORT],
    );
    expect(sim.stats().completions).toBe(0);
    expect(sim.stats().requests).toBe(1);
    expect(summary.suite.scenarios[0]?.skipReason).toMatch(/MODEL "no-such-model" is not served/);
  });

  it('runs the load anyway with LOAD_DESPITE_SMOKE=1, and the failure quotes the server', async () => {
    const { run, sim, summary } = await runAgainstSimulator(
      'despite',
      { MODEL: 'no-such-model', LOAD_DESPITE_SMOKE: '1' },
      ['load'],
      [STREAM_SHORT],
    );
    expect(sim.stats().completions + sim.stats().errorResponses).toBeGreaterThanOrEqual(10);
    const failedRate = run.cases.find((c) => c.name.includes('fails fewer than'));
    expect(failedRate?.status).toBe('failed');
    // The simulator's own 404 text, with its status and count, under the measured figures.
    expect(failedRate?.failure).toMatch(/server errors 404 http-error x10: ".*no-such-model/);
    const errors = summary.suite.scenarios[0]?.serverErrors?.entries ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ status: 404, count: 10 });
    expect(run.output).toMatch(
      /Server errors \(first distinct messages[^\n]*\n {2}chat_stream\/short\n {4}404 http-error x10/,
    );
  });
});

describe('ABORT_ON_FAIL', () => {
  it('stops a scenario whose every request fails, after the delay, and says why', async () => {
    const { run, summary } = await runAgainstSimulator(
      'abort',
      { ABORT_ON_FAIL: '1', ABORT_DELAY: '1s', HOLD: '20s', STREAM_RPS: '10' },
      ['load'],
      [STREAM_SHORT],
      { faultStatus503Rate: 1 },
    );
    const stream = summary.suite.scenarios[0];
    // 200 arrivals were planned over 20 s; the stop comes at the first request after 1 s.
    expect(stream?.requests).toBeGreaterThanOrEqual(10);
    expect(stream?.requests).toBeLessThan(40);
    expect(stream?.abortReason).toMatch(
      /^ABORT_ON_FAIL stopped the scenario after 1\.\d s: (\d+) of \1 requests failed \(100%\)/,
    );
    expect(run.output).toContain('chat_stream/short stopped early: ABORT_ON_FAIL stopped');
    const failedRate = run.cases.find((c) => c.name.includes('fails fewer than'));
    expect(failedRate?.failure).toContain('stopped early ABORT_ON_FAIL stopped the scenario');
  });
});
