import { afterEach, describe, expect, it } from 'vitest';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { loadPromptFixture } from '../fixtures/prompt-fixture.js';
import { constantArrivalRate } from '../load/arrival-schedule.js';
import { planArrivals } from '../load/plan-arrivals.js';
import { type Simulator, startSimulator } from '../simulator/simulator.js';
import { runScenario } from './run-scenario.js';

// A shard's share and START_AT in one real run against the embedded simulator: 1 s at 10/s.
const ENV = { STREAM_RPS: '10', HOLD: '1s', GRACEFUL_STOP: '10s' };

function config(env: Record<string, string>, nowEpochMs = Date.now()): SuiteConfig {
  const result = readSuiteConfig({ ...ENV, ...env }, { startAtNowEpochMs: nowEpochMs });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

let simulator: Simulator | null = null;
afterEach(async () => {
  await simulator?.close();
  simulator = null;
});

async function run(cfg: SuiteConfig) {
  simulator = await startSimulator({ outputTokens: 4 });
  return runScenario({
    scenario: 'chat_stream',
    prompt: loadPromptFixture('short'),
    config: cfg,
    baseUrl: simulator.url,
  });
}

describe('runScenario as a shard with START_AT', () => {
  it('waits for START_AT, then runs arrivals 2, 4, 6, ... of the plan at START_AT + their offsets', async () => {
    const startAtEpochMs = Date.now() + 600;
    const result = await run(config({ SHARD: '2/2', START_AT: String(startAtEpochMs) }));
    const full = [...planArrivals(constantArrivalRate(10, 1000), { kind: 'even' }).offsetsMs];
    const expected = full.filter((_, k) => k % 2 === 1);
    expect(result.arrivals.scheduled).toBe(expected.length);
    expect(result.arrivals.startEpochMs).toBeCloseTo(startAtEpochMs, 0);
    const lags = result.store.select({ metric: 'schedule_lag_ms', tags: {} }, { withTimes: true });
    const scheduled = [...lags.values]
      .map((lagMs, i) => (lags.timesEpochMs?.[i] as number) - lagMs - startAtEpochMs)
      .sort((a, b) => a - b);
    expect(scheduled).toHaveLength(expected.length);
    // Not one request before START_AT + its offset; each within a few ms of it.
    for (const [k, offsetMs] of scheduled.entries()) {
      expect(offsetMs - (expected[k] as number)).toBeGreaterThan(-0.5);
      expect(offsetMs - (expected[k] as number)).toBeLessThan(25);
    }
  });

  it('refuses, before any request, a START_AT more than 5 s past by the time the scenario starts', async () => {
    const startAtEpochMs = Date.now() - 10_000;
    // Read when START_AT was still ahead: the scenario itself checks again as it starts.
    const cfg = config({ START_AT: String(startAtEpochMs) }, startAtEpochMs - 1000);
    await expect(run(cfg)).rejects.toThrow(
      /START_AT .* cannot start chat_stream: a time at most 5 s in the past; it was 10 s ago/,
    );
    expect(simulator?.stats().requests).toBe(0);
  });
});
