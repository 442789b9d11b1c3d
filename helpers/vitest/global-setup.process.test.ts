import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secretPiecesIn } from '../client/testing/secret-pieces.js';

// The global setup reads `.env` from the working directory: run a child Vitest from a folder
// whose `.env` has a garbage line and a key with a line break, and nothing else wrong.
const ROOT = resolve(import.meta.dirname, '../..');
const KEY = 'sk-live-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'global-setup-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST') env[name] = value;
  }
  // Only the .env file speaks: none of these may come from the shell.
  for (const name of ['API_KEY', 'LOADTEST_TOKEN', 'BASE', 'MODEL', 'CI', 'JUNIT'])
    delete env[name];
  return env;
}

describe('the global setup', () => {
  it('refuses to start on an ignored .env line and a key with a line break, showing neither', async () => {
    writeFileSync(
      join(dir, '.env'),
      `MODEL=jan-v1-4b\nSTREAM_RPS 3\nAPI_KEY="${KEY.slice(0, 12)}\\n${KEY.slice(12)}"\n${KEY}\n`,
    );
    const output = await new Promise<string>((done, fail) => {
      const child = spawn(
        process.execPath,
        [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', ROOT, '--project', 'smoke'],
        { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const chunks: string[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`vitest did not end within 60 s: ${chunks.join('')}`));
      }, 60_000);
      child.on('exit', () => {
        clearTimeout(timer);
        done(chunks.join(''));
      });
    });
    expect(output).toContain('Invalid configuration (3 problems); no request was sent');
    expect(output).toContain('.env line 2 must be NAME=value, a # comment or blank');
    expect(output).toContain('.env line 4 must be NAME=value');
    expect(output).toContain(
      'API_KEY must be a value an HTTP header can carry (tab, printable ASCII, bytes 0x80-0xFF), got "[redacted]": it contains a line break (CR or LF)',
    );
    expect(secretPiecesIn(output, [KEY])).toEqual([]);
  });
});
