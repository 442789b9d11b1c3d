import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readScenarioProgress } from './read-scenario-parts.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'report-sigint-'));
let child: ChildProcess | null = null;

afterAll(() => {
  // The vitest child and its forked workers share a process group: end them all, by its id.
  if (child?.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The environment of a plain `npx vitest run` (none of this test run's VITEST_* variables). */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST') env[name] = value;
  }
  return {
    ...env,
    RESULTS_DIR: dir,
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

describe('Ctrl-C during a load run', () => {
  it('forwards SIGINT to the workers and writes the results gathered so far', async () => {
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
      { cwd: ROOT, env: childEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = vitest;
    vitest.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    vitest.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<number | null>((done) => vitest.on('exit', (code) => done(code)));

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
