import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readScenarioProgress } from './read-scenario-parts.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'report-sigint-'));
const killedDir = mkdtempSync(join(tmpdir(), 'report-sigkill-'));
const children: ChildProcess[] = [];

afterAll(() => {
  // The vitest child and its forked workers share a process group: end them all, by its id.
  for (const child of children) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(killedDir, { recursive: true, force: true });
});

/** The environment of a plain `npx vitest run` (none of this test run's VITEST_* variables). */
function childEnv(resultsDir = dir): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST') env[name] = value;
  }
  return {
    ...env,
    RESULTS_DIR: resultsDir,
    STREAM_RPS: '4',
    RAMP_UP: '0s',
    HOLD: '60s',
    RAMP_DOWN: '0s',
    CI: '',
    JUNIT: '',
    BASELINE: '',
  };
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts `vitest run` of the short stream spec writing into `resultsDir`. */
function startVitest(resultsDir: string) {
  const output: string[] = [];
  const vitest = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--project',
      'load',
      'specs/stream/short.spec.ts',
    ],
    { cwd: ROOT, env: childEnv(resultsDir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(vitest);
  vitest.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  vitest.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((done) => vitest.on('exit', (code) => done(code)));
  return { vitest, output, exited };
}

describe('a load worker killed hard (SIGKILL) mid-run', () => {
  it('leaves the requests of its last flush, shown as interrupted, with every file written', async () => {
    const { output, exited } = startVitest(killedDir);
    const progressed = () =>
      readScenarioProgress(killedDir).items.some(
        (p) => p.state === 'running' && (p.progress?.completed ?? 0) >= 6,
      );
    await until(progressed, 40_000, `6 completed requests (output so far: ${output.join('')})`);
    const worker = readScenarioProgress(killedDir).items[0];
    // SIGKILL: no handler runs, nothing is saved at the end; only the flushes so far count.
    process.kill(worker?.pid as number, 'SIGKILL');
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000)),
    ]);

    const text = output.join('');
    expect(code, text).not.toBe('timeout');
    const summary = JSON.parse(readFileSync(join(killedDir, 'summary.json'), 'utf8'));
    expect(summary.suite.interrupted).toBe(true);
    expect(summary.suite.scenarios[0]).toMatchObject({ state: 'interrupted' });
    // Flushed about every second: the requests before the last flush are there.
    expect(summary.suite.scenarios[0].requests, text).toBeGreaterThanOrEqual(3);
    expect(text).toContain('chat_stream/short: its worker stopped without finishing');
    expect(statSync(join(killedDir, 'samples.ndjson')).size).toBeGreaterThan(0);
    expect(existsSync(join(killedDir, 'report.html'))).toBe(true);
  });
});

describe('Ctrl-C during a load run', () => {
  it('forwards SIGINT to the workers and writes the results gathered so far', async () => {
    const { vitest, output, exited } = startVitest(dir);

    const started = () =>
      readScenarioProgress(dir).items.some(
        (p) => p.state === 'running' && (p.progress?.completed ?? 0) >= 3,
      );
    await until(started, 40_000, `3 completed requests (output so far: ${output.join('')})`);
    // Only the main process gets the signal, as with `kill -INT <pid>`: the reporter must forward it.
    process.kill(vitest.pid as number, 'SIGINT');
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000)),
    ]);

    const text = output.join('');
    expect(code, text).toBe(130);
    expect(text).toContain('SIGINT received: writing the results gathered so far.');
    expect(text).toContain('LLM load summary: INTERRUPTED after');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.suite.interrupted).toBe(true);
    expect(summary.suite.scenarios[0]).toMatchObject({
      scenario: 'chat_stream',
      prompt: 'short',
      state: 'interrupted',
    });
    expect(summary.suite.scenarios[0].requests).toBeGreaterThanOrEqual(3);
    expect(
      summary.metrics['http_reqs{scenario:chat_stream,prompt:short}'].count,
    ).toBeGreaterThanOrEqual(3);
    expect(statSync(join(dir, 'samples.ndjson')).size).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  });
});
