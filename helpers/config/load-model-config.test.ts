import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { readSuiteConfig, type SuiteConfig } from './suite-config.js';

function configOf(env: Record<string, string>): SuiteConfig {
  const result = readSuiteConfig(env);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

function problemsOf(env: Record<string, string>): string {
  const result = readSuiteConfig(env);
  if (result.ok) throw new Error('expected configuration problems');
  return new ConfigError(result.problems).message;
}

describe('CONCURRENCY (closed model)', () => {
  it('gives both scenarios N users; the per-scenario knobs override it', () => {
    expect(configOf({ CONCURRENCY: '4' }).load).toMatchObject({
      streamConcurrency: 4,
      nonstreamConcurrency: 4,
    });
    expect(configOf({ CONCURRENCY: '4', NONSTREAM_CONCURRENCY: '2' }).load).toMatchObject({
      streamConcurrency: 4,
      nonstreamConcurrency: 2,
    });
    expect(configOf({}).load).toMatchObject({
      streamConcurrency: null,
      nonstreamConcurrency: null,
    });
  });

  it('refuses a rate and users for the same scenario, naming both knobs', () => {
    const message = problemsOf({ CONCURRENCY: '4', STREAM_RPS: '2' });
    expect(message).toContain('STREAM_RPS must be unset (or 0 to disable chat_stream)');
    expect(message).toContain('CONCURRENCY=4 runs chat_stream as 4 users back to back');
    expect(message).toContain('got "2"');
  });

  it('accepts a rate for one scenario and users for the other, and a rate of 0 with users', () => {
    const config = configOf({ STREAM_CONCURRENCY: '3', NONSTREAM_RPS: '5' });
    expect(config.load).toMatchObject({ streamConcurrency: 3, nonstreamConcurrency: null });
    expect(configOf({ CONCURRENCY: '2', NONSTREAM_RPS: '0' }).load.nonstreamRatePerSec).toBe(0);
  });

  it('validates the count like every knob', () => {
    expect(problemsOf({ CONCURRENCY: '0' })).toContain(
      'CONCURRENCY must be a whole number >= 1, got "0"',
    );
  });
});

describe('SLO_* (goodput objectives)', () => {
  it('reads each objective in ms; unset ones are not part of it', () => {
    expect(configOf({ SLO_TTFT_MS: '500', SLO_TPOT_MS: '50' }).slo).toEqual({
      ttftMs: 500,
      tpotMs: 50,
      totalMs: null,
    });
    expect(problemsOf({ SLO_TOTAL_MS: 'fast' })).toContain('SLO_TOTAL_MS must be a number >= 0');
  });
});

describe('CAPACITY_* (capacity search)', () => {
  it('has defaults that finish in about a minute against the simulator', () => {
    expect(configOf({}).capacity).toEqual({
      enabled: false,
      min: 1,
      stepMs: 5000,
      warmupShare: 0.2,
      precision: 0.1,
      unit: 'rate',
    });
  });

  it('lists every bad capacity knob at once', () => {
    const message = problemsOf({
      CAPACITY_UNIT: 'rps',
      CAPACITY_STEP: '10',
      CAPACITY_PRECISION: '0',
      CAPACITY_WARMUP: '1',
    });
    expect(message).toContain('CAPACITY_UNIT must be one of rate, users, got "rps"');
    expect(message).toContain('CAPACITY_STEP must be a duration with a unit');
    expect(message).toContain('CAPACITY_PRECISION must be a number between 0.01 and 1');
    expect(message).toContain('CAPACITY_WARMUP must be a number between 0 and 0.9');
  });
});
