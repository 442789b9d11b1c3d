import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** `npx vitest run specs` in a child with these variables; its output, exit code. */
function runSpecs(env: Record<string, string>): Promise<{ output: string; code: number | null }> {
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST')
      childEnv[name] = value;
  }
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [resolve(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'specs'],
      {
        cwd: ROOT,
        env: { ...childEnv, BASE: '', NO_COLOR: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const chunks: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`vitest did not end within 60 s: ${chunks.join('')}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ output: chunks.join(''), code });
    });
  });
}

describe('a configuration error', () => {
  it('prints once, clearly, without Vitest noise around it, and fails the run', async () => {
    const { output, code } = await runSpecs({ STREAM_RPS: 'abc' });
    expect(code).toBe(1);
    const message = 'STREAM_RPS must be a number between 0 and 5000, got "abc"';
    expect(output.split(message)).toHaveLength(2);
    expect(output).toContain('Invalid configuration (1 problem); no request was sent:');
    expect(output).not.toContain('No test files found');
    expect(output).not.toContain('Serialized Error');
    expect(output).not.toContain('Unhandled Error');
    expect(output).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
