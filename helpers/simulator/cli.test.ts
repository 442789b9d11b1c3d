import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function runCli(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

describe('simulator CLI', () => {
  it('exits 2 on bad arguments, naming the flag, the value and what is expected', async () => {
    const run = runCli(['--slots', 'many', '--decode-base-ms=-3']);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain('--slots: got "many"; expected an integer from 1 to 100000');
    expect(run.stderr()).toContain('--decode-base-ms: got "-3"; expected a number from 0 to 60000');
  });

  it('prints every option with its default on --help and exits 0', async () => {
    const run = runCli(['--help']);
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toContain('--prefill-per-token-ms <value>');
    expect(run.stdout()).toContain('Default 32;');
  });

  it('prints its URL, serves requests and stops on SIGTERM', async () => {
    const run = runCli(['--port', '0', '--slots', '2']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no URL printed: ${run.stderr()}`)),
          20_000,
        );
        run.child.stdout?.on('data', () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout());
          if (match) {
            clearTimeout(timer);
            resolve(match[1] as string);
          }
        });
      });
      const models = await (await fetch(`${url}/v1/models`)).json();
      expect(models.data[0].id).toBe('jan-v1-4b');
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });
});
