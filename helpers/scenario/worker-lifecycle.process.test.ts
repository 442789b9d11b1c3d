import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readScenarioProgress } from '../report/read-scenario-parts.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OVERLOAD_CONFIG = 'helpers/scenario/testing/overload.vitest.config.ts';
const started: Array<{ child: ChildProcess; dir: string }> = [];

afterEach(() => {
  // Each vitest child leads its own process group (its workers are in it): end it by its id.
  for (const { child, dir } of started.splice(0)) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

interface VitestChild {
  pid: number;
  dir: string;
  output: () => string;
  /** Resolves with the exit code, or 'timeout' when the child has not exited within `ms`. */
  exit: (ms: number) => Promise<number | null | 'timeout'>;
}

/** `vitest run ARGS` as a user would start it, with its own RESULTS_DIR and process group. */
function startVitest(args: string[], env: NodeJS.ProcessEnv): VitestChild {
  const dir = mkdtempSync(join(tmpdir(), 'worker-lifecycle-'));
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST') clean[name] = value;
  }
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), ...args], {
    cwd: ROOT,
    env: { ...clean, RESULTS_DIR: dir, CI: '', JUNIT: '', BASELINE: '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push({ child, dir });
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    pid: child.pid as number,
    dir,
    output: () => chunks.join(''),
    exit: (ms) =>
      Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]),
  };
}

async function until(condition: () => boolean, timeoutMs: number, what: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A live process (a zombie, dead but not yet reaped, counts as gone). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // no /proc: kill(pid, 0) is all there is
  }
}

/** Pids of the load workers of this run that have written a progress file. */
function workerPids(dir: string): number[] {
  return readScenarioProgress(dir).items.map((p) => p.pid);
}

const readSummary = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

describe('a load worker under a plan far faster than the process', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'stops within seconds of %s to vitest, writes partial results and leaves no process',
    async (signal) => {
      const vitest = startVitest(['run', '--config', OVERLOAD_CONFIG], {});
      const running = () =>
        readScenarioProgress(vitest.dir).items.some((p) => p.state === 'running');
      await until(running, 40_000, () => `a running load worker; output: ${vitest.output()}`);
      const workers = workerPids(vitest.dir);
      // Let the arrival loop fall far behind: about a second of arrivals at 1e9/s.
      await new Promise((r) => setTimeout(r, 1000));
      const signalledMs = Date.now();
      process.kill(vitest.pid, signal);
      const code = await vitest.exit(30_000);
      const tookMs = Date.now() - signalledMs;
      const text = vitest.output();

      expect(code, text).toBe(signal === 'SIGINT' ? 130 : 143);
      // The reporter waits at most 10 s for the workers: under that, the worker answered.
      expect(tookMs, text).toBeLessThan(10_000);
      const scenario = readSummary(vitest.dir).suite.scenarios[0];
      expect(scenario).toMatchObject({ state: 'interrupted', slaResults: [] });
      expect(scenario.arrivals.scheduled).toBe(
        scenario.arrivals.started + scenario.arrivals.dropped,
      );
      // Far behind schedule the whole time: each arrival started late, or was dropped.
      expect(scenario.scheduleLagMs.max, JSON.stringify(scenario.arrivals)).toBeGreaterThan(100);
      expect(scenario.notJudgedReason).toMatch(
        /^scenario interrupted after \d+ of 60000000000 scheduled arrivals \(run interrupted by SIGINT\)$/,
      );
      await until(
        () => workers.every((pid) => !isAlive(pid)),
        5000,
        () => `workers ${workers.join(', ')} to exit`,
      );
    },
  );
});

describe('a load worker whose vitest main process is killed', () => {
  it('ends by itself within seconds, even while its arrival loop is far behind', async () => {
    const vitest = startVitest(['run', '--config', OVERLOAD_CONFIG], {});
    const running = () => readScenarioProgress(vitest.dir).items.some((p) => p.state === 'running');
    await until(running, 40_000, () => `a running load worker; output: ${vitest.output()}`);
    const workers = workerPids(vitest.dir);
    expect(workers.length).toBe(1);
    await new Promise((r) => setTimeout(r, 1000));
    // No handler runs on SIGKILL: the worker has to notice on its own that its parent is gone.
    process.kill(vitest.pid, 'SIGKILL');
    expect(await vitest.exit(5000)).toBeNull();
    // The watchdog polls every 0.5 s; the worker saves, then ends (at the latest 5 s later).
    await until(
      () => workers.every((pid) => !isAlive(pid)),
      8000,
      () => `worker ${workers.join(', ')} to exit after its vitest process was killed`,
    );
    const [progress] = readScenarioProgress(vitest.dir).items;
    expect(progress?.state).toBe('interrupted');
  });
});

describe('a load worker stopped by a signal while vitest runs on', () => {
  it('fails its SLA tests as not judged, and the summary says why', async () => {
    const vitest = startVitest(['run', '--project', 'load', 'specs/stream/short.spec.ts'], {
      STREAM_RPS: '4',
      RAMP_UP: '0s',
      HOLD: '60s',
      RAMP_DOWN: '0s',
    });
    const started = () =>
      readScenarioProgress(vitest.dir).items.some(
        (p) => p.state === 'running' && (p.progress?.completed ?? 0) >= 3,
      );
    await until(started, 40_000, () => `3 completed requests; output: ${vitest.output()}`);
    const [worker] = workerPids(vitest.dir);
    // The worker alone, as a supervisor or the OOM killer's neighbour would: vitest runs on.
    process.kill(worker as number, 'SIGTERM');
    const code = await vitest.exit(30_000);
    const text = vitest.output();

    expect(code, text).toBe(1);
    const reason =
      /scenario interrupted after (\d+) of 240 scheduled arrivals \(run interrupted by SIGTERM\)/;
    // Every SLA test failed with the reason, none was judged on the partial samples.
    const notJudged = text.match(new RegExp(`${reason.source}: not judged`, 'g')) ?? [];
    expect(notJudged.length, text).toBeGreaterThanOrEqual(3);
    expect(text).toContain('LLM load summary: INTERRUPTED after');
    expect(text).toMatch(new RegExp(`chat_stream/short: no SLA was judged \\(${reason.source}\\)`));
    const summary = readSummary(vitest.dir);
    expect(summary.suite.slas.total).toBe(0);
    expect(summary.suite.scenarios[0]).toMatchObject({ state: 'interrupted', slaResults: [] });
    expect(summary.suite.scenarios[0].notJudgedReason).toMatch(reason);
    expect(summary.suite.scenarios[0].requests).toBeGreaterThanOrEqual(3);
  });

  it('says, for a worker killed hard, that it ended without saving and how old its figures are', async () => {
    const vitest = startVitest(['run', '--project', 'load', 'specs/stream/short.spec.ts'], {
      STREAM_RPS: '4',
      RAMP_UP: '0s',
      HOLD: '60s',
      RAMP_DOWN: '0s',
    });
    const started = () =>
      readScenarioProgress(vitest.dir).items.some(
        (p) => p.state === 'running' && (p.progress?.completed ?? 0) >= 3,
      );
    await until(started, 40_000, () => `3 completed requests; output: ${vitest.output()}`);
    const [worker] = workerPids(vitest.dir);
    process.kill(worker as number, 'SIGKILL');
    const code = await vitest.exit(30_000);
    const text = vitest.output();

    expect(code, text).toBe(1);
    expect(text).toContain('LLM load summary: INTERRUPTED after');
    expect(text).toMatch(
      new RegExp(
        `chat_stream/short: its worker \\(pid ${worker}\\) ended without saving its final ` +
          'results \\(killed or crashed\\); not judged',
      ),
    );
  });
});
