import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secretPiecesIn } from '../client/testing/secret-pieces.js';
import { ConfigError } from './config-error.js';
import {
  MAX_IN_FLIGHT,
  MAX_PLANNED_ARRIVALS,
  MAX_RATE_PER_SEC,
  plannedArrivals,
  readSuiteConfig,
  type SuiteConfig,
} from './suite-config.js';

const REAL = { BASE: 'http://127.0.0.1:8000' };

function configOf(env: Record<string, string>): SuiteConfig {
  const result = readSuiteConfig(env);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

/** The whole ConfigError message of an invalid environment. */
function problemsOf(env: Record<string, string>): string {
  const result = readSuiteConfig(env);
  if (result.ok) throw new Error(`expected configuration problems for ${JSON.stringify(env)}`);
  return new ConfigError(result.problems).message;
}

describe('BASE problems never show credentials, whatever else is wrong', () => {
  const PASSWORD = 'pa55word-hunter2';
  const KEY = 'sk-query-key-9f8e7d6c';
  it.each([
    ['ftp with user:password', `ftp://user:${PASSWORD}@host/`],
    ['a port out of range with user:password', `http://user:${PASSWORD}@host:99999/v1`],
    ['a port out of range with a query key', `http://host:70000/v1?key=${KEY}`],
    ['ftp with a query key', `ftp://host/v1?api_key=${KEY}`],
    ['a fragment key on a bad scheme', `gopher://host/#${KEY}`],
    ['no scheme, user:password', `user:${PASSWORD}@host:8000`],
    ['a password holding a slash', `http://user:${PASSWORD}/x@host/`],
    ['a password holding a hash', `http://user:${PASSWORD}#x@host/`],
    ['everything at once', `ftp://user:${PASSWORD}@host:123456/v1?key=${KEY}#${KEY}`],
  ])('%s', (_what, base) => {
    const message = problemsOf({ BASE: base });
    expect(message).toContain('BASE must be an http:// or https:// URL');
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain(KEY);
    expect(secretPiecesIn(message, [PASSWORD, KEY])).toEqual([]);
  });

  it('says what is wrong and what was hidden', () => {
    expect(problemsOf({ BASE: `http://user:${PASSWORD}@host:99999/?k=${KEY}` })).toContain(
      'BASE must be an http:// or https:// URL such as http://127.0.0.1:8000, that parses ' +
        '(a valid host, and a port from 1 to 65535 if any), without user:password (pass the key ' +
        'in API_KEY), without ?query or #fragment (pass keys in API_KEY or LOADTEST_TOKEN), got ' +
        '"http://***@host:99999/ (user:password and query or fragment not shown)"',
    );
  });

  it('does not echo a refused LOADTEST_TOKEN pasted into another variable either', () => {
    const token = 'tok-live-0123456789abcdef';
    const message = problemsOf({ LOADTEST_TOKEN: `${token}\u0001`, MODEL: 'm', HOLD: `${token}x` });
    expect(message).toContain('LOADTEST_TOKEN must be a value an HTTP header can carry');
    expect(message).toContain('HOLD must be');
    expect(secretPiecesIn(message, [token])).toEqual([]);
  });

  it('does not echo an API_KEY pasted into another variable', () => {
    const message = problemsOf({
      API_KEY: 'sk-live-0123456789abcdef',
      MODEL: 'm',
      HOLD: 'sk-live-0123456789abcdef',
    });
    expect(secretPiecesIn(message, ['sk-live-0123456789abcdef'])).toEqual([]);
    expect(message).toContain('HOLD must be');
  });
});

describe('numbers are plain decimals', () => {
  it.each(['0x2', '0b1', '0o7', '1_000', 'Infinity', '2n', '+-1'])(
    'refuses STREAM_RPS=%j',
    (text) => {
      expect(problemsOf({ ...REAL, STREAM_RPS: text })).toContain('STREAM_RPS must be a number');
    },
  );

  it('says a hexadecimal number must be written in decimal digits', () => {
    expect(problemsOf({ ...REAL, STREAM_RPS: '0x2' })).toContain(
      'STREAM_RPS must be a number written as plain decimal digits between 0 and 5000, got "0x2"',
    );
    expect(problemsOf({ ...REAL, MAX_VUS: '0x10' })).toContain(
      'MAX_VUS must be a whole number written as plain decimal digits between 1 and 10000, got "0x10"',
    );
  });

  it.each([
    ['2', 2],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['2.5E2', 250],
  ])('reads STREAM_RPS=%s as %d', (text, ratePerSec) => {
    expect(configOf({ ...REAL, STREAM_RPS: text, HOLD: '10s' }).load.streamRatePerSec).toBe(
      ratePerSec,
    );
  });

  it('takes whole numbers as digits only, up to 2^53 - 1', () => {
    expect(problemsOf({ ...REAL, SEED: '1e3' })).toContain('SEED must be a whole number');
    expect(problemsOf({ ...REAL, SEED: '99999999999999999999' })).toContain(
      'SEED must be a whole number >= 0, got "99999999999999999999"',
    );
    expect(configOf({ ...REAL, SEED: '9007199254740991' }).load.seed).toBe(9007199254740991);
  });
});

describe('rates and counts one process can do', () => {
  it('refuses STREAM_RPS=1e300 with the largest rate and the way to go beyond it', () => {
    expect(problemsOf({ ...REAL, STREAM_RPS: '1e300' })).toContain(
      'STREAM_RPS must be a number between 0 and 5000, got "1e300": one process paces at most ' +
        '5000 requests/s per scenario; for more, split the load over several processes (shards)',
    );
  });

  it.each(['NONSTREAM_RPS', 'STREAM_RPS', 'START_RATE'])('bounds %s at the ceiling', (name) => {
    expect(configOf({ ...REAL, [name]: String(MAX_RATE_PER_SEC), HOLD: '10s' })).toBeTruthy();
    expect(problemsOf({ ...REAL, [name]: String(MAX_RATE_PER_SEC + 0.5) })).toContain(
      `${name} must be a number between 0 and ${MAX_RATE_PER_SEC}`,
    );
  });

  it('counts the arrivals of ramps by their mean rate', () => {
    const load = configOf({
      ...REAL,
      START_RATE: '2',
      RAMP_UP: '10s',
      HOLD: '20s',
      RAMP_DOWN: '4s',
    }).load;
    // ramp 2 -> 10 over 10 s: 60; hold 10 over 20 s: 200; ramp 10 -> 0 over 4 s: 20.
    expect(plannedArrivals(load, 10)).toBe(280);
  });

  it('refuses a plan with more arrivals than one process keeps, saying how many', () => {
    // 4000/s held for an hour: 14.4 M arrivals.
    const message = problemsOf({ ...REAL, STREAM_RPS: '4000', HOLD: '1h' });
    expect(message).toContain(
      `STREAM_RPS must be a rate that plans at most ${MAX_PLANNED_ARRIVALS} arrivals per scenario in one process`,
    );
    expect(message).toContain('with these stages it plans 14400000; lower the rate or shorten');
    expect(message).toContain('split the load over several processes (shards)');
    // Exactly at the cap is fine; a disabled scenario plans nothing.
    expect(
      configOf({ ...REAL, STREAM_RPS: '2500', HOLD: '4000s', NONSTREAM_RPS: '0' }),
    ).toBeTruthy();
    expect(configOf({ ...REAL, STREAM_RPS: '0', NONSTREAM_RPS: '1', HOLD: '500h' })).toBeTruthy();
  });

  it.each(['MAX_VUS', 'CONNECTIONS'])('bounds %s at %d', (name) => {
    expect(configOf({ ...REAL, [name]: String(MAX_IN_FLIGHT) })).toBeTruthy();
    expect(problemsOf({ ...REAL, [name]: String(MAX_IN_FLIGHT + 1) })).toContain(
      `${name} must be a whole number between 1 and ${MAX_IN_FLIGHT}, got "${MAX_IN_FLIGHT + 1}": one process`,
    );
  });

  it('refuses a duration longer than a Node.js timer can wait', () => {
    expect(configOf({ ...REAL, REQUEST_TIMEOUT: '596h' }).client.timeouts.totalMs).toBe(
      596 * 3_600_000,
    );
    expect(problemsOf({ ...REAL, REQUEST_TIMEOUT: '597h' })).toContain(
      'REQUEST_TIMEOUT must be a duration with a unit of at least 1ms and at most 596h',
    );
    expect(problemsOf({ ...REAL, GRACEFUL_STOP: '100000h' })).toContain('GRACEFUL_STOP must be');
    expect(problemsOf({ ...REAL, DURATION_MIN: '1e6' })).toContain(
      'DURATION_MIN must be a number between 0 and 35760',
    );
  });
});

describe('secrets an HTTP header cannot carry', () => {
  it.each([
    ['API_KEY', 'sk-live-abc\r\nX-Evil: 1', 'a line break'],
    ['API_KEY', 'sk-live-abc\ndef-123456', 'a line break'],
    ['LOADTEST_TOKEN', 'tok-abc\u0000def-123456', 'a control character'],
    ['LOADTEST_TOKEN', 'tok-\u201cquoted\u201d-123456', 'a character outside Latin-1'],
  ])('%s with %j is refused by name, never shown', (name, value, why) => {
    const message = problemsOf({ ...REAL, [name]: value });
    expect(message).toContain(`${name} must be a value an HTTP header can carry`);
    expect(message).toContain(`got "[redacted]": it contains ${why}`);
    // No printable run of the value shows, nor any long piece of it.
    for (const part of value.split(/[^ -~]/)) {
      if (part.length > 3) expect(message).not.toContain(part);
    }
    expect(secretPiecesIn(message, [value])).toEqual([]);
  });

  it('accepts printable keys, tabs and Latin-1 bytes', () => {
    expect(configOf({ ...REAL, API_KEY: 'sk-a\tb-\u00e9-xyz' }).target.apiKey).toBe(
      'sk-a\tb-\u00e9-xyz',
    );
  });
});

describe('RESULTS_DIR is checked before the run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'results-dir-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['/proc/llm-results', '/proc', '/sys/llm-results/run1'])('refuses %s', (path) => {
    expect(problemsOf({ ...REAL, RESULTS_DIR: path })).toContain(
      `RESULTS_DIR must be a folder, or a path where one can be created, outside /proc and /sys, got "${path}"`,
    );
  });

  it('refuses a link that leads into /proc', () => {
    const link = join(dir, 'to-proc');
    symlinkSync('/proc/self', link);
    expect(problemsOf({ ...REAL, RESULTS_DIR: join(link, 'results') })).toContain(
      `${link} leads to /proc/`,
    );
  });

  it('refuses a path that names a file, or lies under one', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(problemsOf({ ...REAL, RESULTS_DIR: file })).toContain(
      `RESULTS_DIR must be a folder, or a path where one can be created, got "${file}": ${file} is a file`,
    );
    expect(problemsOf({ ...REAL, RESULTS_DIR: join(file, 'x', 'y') })).toContain(
      `${file} is a file, so no folder can be made under it`,
    );
  });

  it('accepts an existing folder and a path still to be made', () => {
    mkdirSync(join(dir, 'exists'));
    expect(configOf({ ...REAL, RESULTS_DIR: join(dir, 'exists') }).report.resultsDir).toBe(
      join(dir, 'exists'),
    );
    expect(configOf({ ...REAL, RESULTS_DIR: join(dir, 'new', 'deeper') })).toBeTruthy();
  });
});
