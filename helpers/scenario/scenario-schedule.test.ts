import { describe, expect, it } from 'vitest';
import { plannedArrivals, readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { scenarioSchedule } from './run-scenario.js';

function config(env: Record<string, string>): SuiteConfig {
  const result = readSuiteConfig({ BASE: 'http://127.0.0.1:9', RAMP_UP: '10s', ...env });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

describe('the start rate of a ramp', () => {
  it('is 1 request/s when START_RATE is unset and the target is above 1, as in the seed', () => {
    const schedule = scenarioSchedule(config({ STREAM_RPS: '4' }), 'chat_stream');
    expect(schedule.startRatePerSec).toBe(1);
    expect(schedule.stages[0]).toEqual({ durationMs: 10_000, targetRatePerSec: 4 });
  });

  it('is the target itself when START_RATE is unset and the target is below 1', () => {
    expect(scenarioSchedule(config({ NONSTREAM_RPS: '0.5' }), 'chat_nonstream')).toMatchObject({
      startRatePerSec: 0.5,
    });
  });

  it('starts the meta scenario at 1/s towards META_RPS (default 2)', () => {
    const schedule = scenarioSchedule(config({}), 'meta');
    expect(schedule.startRatePerSec).toBe(1);
    expect(schedule.stages[0]?.targetRatePerSec).toBe(2);
  });

  it('is what START_RATE says when it is set, 0 included', () => {
    expect(scenarioSchedule(config({ START_RATE: '0' }), 'chat_stream').startRatePerSec).toBe(0);
    expect(scenarioSchedule(config({ START_RATE: '3' }), 'chat_stream').startRatePerSec).toBe(3);
  });

  it('counts the default start rate in the planned arrivals', () => {
    // Ramp 1 -> 4 over 10 s: 25 arrivals (from 0 it would be 20).
    expect(plannedArrivals(config({}).load, 4)).toBe(25);
    expect(plannedArrivals(config({ START_RATE: '0' }).load, 4)).toBe(20);
  });
});
