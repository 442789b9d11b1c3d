import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { describeProblem } from './env-reader.js';
import { loadEnvironment } from './load-environment.js';
import { authHeaders, redactSecrets, secretValues } from './secrets.js';
import { type ConfigResult, readSuiteConfig, type SuiteConfig } from './suite-config.js';

function configOf(env: Record<string, string>): SuiteConfig {
  const result = readSuiteConfig(env);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

function problemsOf(env: Record<string, string>): string {
  const result: ConfigResult = readSuiteConfig(env);
  if (result.ok) throw new Error('expected configuration problems');
  return new ConfigError(result.problems).message;
}

describe('readSuiteConfig', () => {
  it('keeps the seed defaults for a real server', () => {
    const config = configOf({ BASE: 'http://127.0.0.1:8000' });
    expect(config.target).toMatchObject({ baseUrl: 'http://127.0.0.1:8000', model: 'jan-v1-4b' });
    expect(config.load).toMatchObject({
      nonstreamRatePerSec: 2,
      streamRatePerSec: 1,
      durationMin: 5,
      rampUpMs: 60_000,
      holdMs: 180_000,
      rampDownMs: 60_000,
      maxVus: 200,
      gracefulStopMs: 30_000,
      profileSource: 'duration-min',
    });
  });

  it('holds for at least one minute when DURATION_MIN is short', () => {
    const config = configOf({ BASE: 'http://127.0.0.1:8000', DURATION_MIN: '2' });
    expect(config.load.holdMs).toBe(60_000);
  });

  it('runs a short profile against the embedded simulator', () => {
    const config = configOf({});
    expect(config.target.baseUrl).toBeNull();
    expect(config.load.profileSource).toBe('simulator-default');
    expect(config.load.rampUpMs + config.load.holdMs + config.load.rampDownMs).toBeLessThan(60_000);
  });

  it('uses exactly the stage knobs when any is set, unset ones lasting 0', () => {
    const config = configOf({ BASE: 'http://127.0.0.1:8000', HOLD: '30s' });
    expect(config.load).toMatchObject({
      rampUpMs: 0,
      holdMs: 30_000,
      rampDownMs: 0,
      profileSource: 'stage-knobs',
    });
  });

  it('names the variable and the bad value', () => {
    expect(problemsOf({ NONSTREAM_RPS: 'abc' })).toContain(
      'NONSTREAM_RPS must be a number between 0 and 5000, got "abc"',
    );
  });

  it('reports every problem at once', () => {
    const message = problemsOf({
      NONSTREAM_RPS: '-1',
      STREAM_RPS: 'x',
      RAMP_UP: '30',
      ARRIVALS: 'bursty',
      BASE: 'ftp://example',
    });
    expect(message).toContain('5 problems');
    for (const name of ['NONSTREAM_RPS', 'STREAM_RPS', 'RAMP_UP', 'ARRIVALS', 'BASE']) {
      expect(message).toContain(`${name} must be`);
    }
    expect(message).toContain('such as 500ms, 30s or 2m');
  });

  it('never shows credentials embedded in BASE', () => {
    const message = problemsOf({ BASE: 'https://user:hunter2secret@llm.example/v1' });
    expect(message).toContain(
      'BASE must be an http:// or https:// URL such as http://127.0.0.1:8000, without user:password',
    );
    expect(message).not.toContain('hunter2secret');
  });

  it('never shows a query string given in BASE', () => {
    const message = problemsOf({ BASE: 'https://llm.example/v1?key=sk-abcdef' });
    expect(message).not.toContain('sk-abcdef');
  });

  it('strips trailing slashes from BASE', () => {
    expect(configOf({ BASE: 'http://127.0.0.1:8000/v1/' }).target.baseUrl).toBe(
      'http://127.0.0.1:8000/v1',
    );
  });

  it('treats empty variables as unset', () => {
    expect(configOf({ BASE: '', MODEL: '  ' }).target).toMatchObject({
      baseUrl: null,
      model: 'jan-v1-4b',
    });
  });
});

describe('secrets', () => {
  const target = configOf({ API_KEY: 'sk-test-SECRET', LOADTEST_TOKEN: 'tok-123' }).target;

  it('sends the API key as a bearer token and the load-test token as its header', () => {
    expect(authHeaders(target)).toEqual({
      authorization: 'Bearer sk-test-SECRET',
      'x-loadtest-token': 'tok-123',
    });
  });

  it('redacts every secret in a text', () => {
    const text = redactSecrets('key sk-test-SECRET and tok-123', secretValues(target));
    expect(text).toBe('key [redacted] and [redacted]');
  });
});

describe('loadEnvironment', () => {
  it('reads .env under the variables already set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'MODEL=from-file\nSTREAM_RPS=3\n');
    const env = loadEnvironment({ MODEL: 'from-shell' }, file);
    expect(env.MODEL).toBe('from-shell');
    expect(env.STREAM_RPS).toBe('3');
  });

  it('works without a .env file', () => {
    expect(loadEnvironment({ MODEL: 'm' }, '/nonexistent/.env').MODEL).toBe('m');
  });
});

describe('workload knobs', () => {
  it('reads WORKLOAD, WORKLOAD_SKIP_BAD, TURNS, THINK_TIME and EXTRA_BODY', () => {
    const config = configOf({
      WORKLOAD: 'prompt_tokens=512,output_tokens=64',
      WORKLOAD_SKIP_BAD: '1',
      TURNS: '3',
      THINK_TIME: '1.5s',
      EXTRA_BODY: '{"ignore_eos": true, "min_tokens": 64}',
    });
    expect(config.load).toMatchObject({
      workload: 'prompt_tokens=512,output_tokens=64',
      workloadSkipBad: true,
      turns: 3,
      thinkTimeMs: 1500,
    });
    expect(config.client.extraBody).toEqual({ ignore_eos: true, min_tokens: 64 });
  });

  it('defaults to no workload, single turns, no think time and no extra body', () => {
    const config = configOf({});
    expect(config.load).toMatchObject({ workload: null, turns: 1, thinkTimeMs: 0 });
    expect(config.client.extraBody).toBeNull();
  });

  it('refuses EXTRA_BODY that is not a JSON object, or that sets what the suite sets', () => {
    const problems = (env: Record<string, string>) => {
      const result = readSuiteConfig(env);
      return result.ok ? [] : result.problems.map(describeProblem);
    };
    expect(problems({ EXTRA_BODY: '{ignore_eos: true}' })).toEqual([
      'EXTRA_BODY must be a JSON object such as {"ignore_eos":true}, got "{ignore_eos: true}"',
    ]);
    expect(problems({ EXTRA_BODY: '[1]' })).toHaveLength(1);
    expect(problems({ EXTRA_BODY: '{"max_tokens": 9, "stream": false}' })).toEqual([
      'EXTRA_BODY must be a JSON object without "max_tokens" (set by MAX_TOKENS or the workload), ' +
        '"stream" (set by the scenario), got "{\\"max_tokens\\": 9, \\"stream\\": false}"',
    ]);
    expect(problems({ TURNS: '0', THINK_TIME: '5' }).map((p) => p.split(' ')[0])).toEqual([
      'TURNS',
      'THINK_TIME',
    ]);
  });
});
