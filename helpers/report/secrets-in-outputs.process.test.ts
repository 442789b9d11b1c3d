import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretPiecesIn } from '../client/testing/secret-pieces.js';

// A whole run (smoke and one load spec) against a server that echoes the credentials it gets
// in every answer, whole and in part, placed across the 200-character cut of the messages.
// No output may hold a secret or a piece of one longer than 8 characters: stdout, stderr,
// junit.xml and every result file.
const ROOT = resolve(import.meta.dirname, '../..');
const KEY = 'sk-probe-SECRET-7f3a9c2e11d04b';
const TOKEN = `tok-${'q7Wm2Kx9Lp4Rz8Tn'.repeat(19)}`.slice(0, 300);
const SECRETS = [KEY, TOKEN];

/** The credentials a request carried, echoed so a cut at 200 characters falls inside them. */
function echo(request: IncomingMessage): string {
  const auth = String(request.headers.authorization ?? '');
  const token = String(request.headers['x-loadtest-token'] ?? '');
  return `${'x'.repeat(185)}${auth.slice(7)} ${token.slice(0, 133)} ${auth} ${token}`;
}

const seen: string[] = [];
let server: Server;
let baseUrl = '';
const dir = mkdtempSync(join(tmpdir(), 'secrets-outputs-'));

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    seen.push(String(request.headers.authorization ?? ''));
    request.resume();
    request.on('end', () => {
      if (request.url?.endsWith('/v1/version')) {
        response.writeHead(200, { 'content-type': 'text/plain' }).end(echo(request));
        return;
      }
      const body = JSON.stringify({ error: { message: echo(request), code: 'invalid_api_key' } });
      response.writeHead(401, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
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
    BASE: baseUrl,
    API_KEY: KEY,
    LOADTEST_TOKEN: TOKEN,
    RESULTS_DIR: dir,
    JUNIT: '1',
    CI: '',
    BASELINE: '',
    NONSTREAM_RPS: '5',
    STREAM_RPS: '0',
    RAMP_UP: '0s',
    HOLD: '2s',
    RAMP_DOWN: '0s',
    GRACEFUL_STOP: '2s',
    // The smoke checks fail (401): the load must run anyway, so its outputs (failures with
    // the server's error text included) are checked too.
    LOAD_DESPITE_SMOKE: '1',
  };
}

function runVitest(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), ...args], {
      cwd: ROOT,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`vitest did not end within 120 s: ${output.join('')}`));
    }, 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output: output.join('') });
    });
  });
}

describe('a run against a server that echoes the credentials', () => {
  it('shows no piece of a secret on stdout, stderr, junit.xml or any result file', async () => {
    const { code, output } = await runVitest([
      'run',
      '--project',
      'smoke',
      '--project',
      'load',
      'specs/smoke',
      'specs/nonstream/short.spec.ts',
    ]);
    // The secrets were sent (and echoed), and nothing of them came back out.
    expect(seen).toContain(`Bearer ${KEY}`);
    expect(secretPiecesIn(output, SECRETS)).toEqual([]);
    expect(code, output).toBe(1);
    expect(output).toContain('/v1/models answered 401, expected 200');
    expect(output).toContain('/v1/version did not answer JSON');
    expect(output).toContain('[redacted]');

    const files = readdirSync(dir).filter((name) => !name.startsWith('.'));
    expect(files).toEqual(
      expect.arrayContaining(['junit.xml', 'summary.json', 'samples.ndjson', 'report.html']),
    );
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('answered 401, expected 200');
    expect(junit).toContain('every request failed');
    // The server's own error text (its echo of the secrets) is quoted, redacted.
    expect(junit).toContain('server errors 401 http-error');
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toMatch(
      /"serverErrors": \{\s*"entries": \[\s*\{\s*"outcome": "http-error",\s*"status": 401,/,
    );

    for (const name of files) {
      const path = join(dir, name);
      if (!existsSync(path)) continue;
      expect(secretPiecesIn(readFileSync(path, 'utf8'), SECRETS), name).toEqual([]);
    }
  });
});
