import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

let dir = '';
afterEach(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** Runs `vitest run ARGS` in a child with `env`; resolves with its exit code and output. */
function runVitest(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST')
      childEnv[name] = value;
  }
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...args],
    {
      cwd: ROOT,
      env: { ...childEnv, CI: '', JUNIT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output: output.join('') });
    }),
  );
}

describe('a malformed dataset', () => {
  it('stops the run before the first request, naming the file and the line', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bad-dataset-'));
    const dataset = join(dir, 'chats.jsonl');
    writeFileSync(
      dataset,
      [
        '{"messages": [{"role": "user", "content": "Hi"}]}',
        '',
        '{"messages": [{"role": "user", "content": "Hello"}], "max_tokens": "many"}',
      ].join('\n'),
    );
    // The server under test counts every request it gets: there must be none.
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      const { code, output } = await runVitest(['specs/smoke', 'specs/workload'], {
        BASE: `http://127.0.0.1:${port}`,
        WORKLOAD: dataset,
        RESULTS_DIR: join(dir, 'results'),
      });
      expect(code).not.toBe(0);
      expect(output).toContain(
        `WORKLOAD dataset ${dataset}:3: "max_tokens" must be a whole number >= 1, got "many"`,
      );
      expect(output).toContain('no request was sent');
      expect(requests).toBe(0);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
