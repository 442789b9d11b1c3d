import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { afterAll, describe, expect, it } from 'vitest';
import { secretPiecesIn } from '../client/testing/secret-pieces.js';
import { ConfigError } from './config-error.js';
import { envFileProblems, findEnvFileProblems } from './env-file-problems.js';

const KEY = 'sk-live-0123456789abcdef';

const TEXT = [
  '# a comment',
  'MODEL=jan-v1-4b',
  '',
  'export STREAM_RPS=3',
  'HOLD: 30s',
  'STREAM_RPS 3',
  `API_KEY ${KEY}`,
  'C="two',
  'lines"',
  'D=4 # trailing comment',
  '[section]',
  KEY,
  '   ',
].join('\n');

describe('findEnvFileProblems', () => {
  it('names every line dotenv ignores, by number', () => {
    expect(findEnvFileProblems(TEXT).map((p) => p.variable)).toEqual([
      '.env line 6',
      '.env line 7',
      '.env line 11',
      '.env line 12',
    ]);
  });

  it('agrees with dotenv on the lines it reads', () => {
    expect(parse(TEXT)).toEqual({
      MODEL: 'jan-v1-4b',
      STREAM_RPS: '3',
      HOLD: '30s',
      C: 'two\nlines',
      D: '4',
    });
  });

  it('shows at most 8 characters of a line, so no secret on it shows', () => {
    const problems = findEnvFileProblems(TEXT);
    expect(problems.map((p) => p.value)).toEqual([
      'STREAM_R…',
      'API_KEY …',
      '[section…',
      'sk-live-…',
    ]);
    const message = new ConfigError(problems).message;
    expect(message).toContain(
      '.env line 6 must be NAME=value, a # comment or blank (dotenv ignores this line), got "STREAM_R…"',
    );
    expect(secretPiecesIn(message, [KEY])).toEqual([]);
  });

  it('reads CRLF files and finds nothing wrong in a clean one', () => {
    expect(findEnvFileProblems('A=1\r\n# c\r\n\r\nB="x\r\ny"\r\n')).toEqual([]);
    expect(findEnvFileProblems('A=1\r\noops\r\n').map((p) => p.variable)).toEqual(['.env line 2']);
  });
});

describe('envFileProblems', () => {
  const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file, and finds nothing when there is none', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'MODEL=m\ngarbage\n');
    expect(envFileProblems(file).map((p) => p.variable)).toEqual(['.env line 2']);
    expect(envFileProblems(join(dir, 'missing.env'))).toEqual([]);
  });
});
