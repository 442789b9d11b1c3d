import { afterEach, describe, expect, it } from 'vitest';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { loadPromptFixture } from '../fixtures/prompt-fixture.js';
import { parseSelector } from '../metrics/parse-selector.js';
import { type Simulator, startSimulator } from '../simulator/simulator.js';
import type { SimulatorOptions } from '../simulator/simulator-options.js';
import { checkSla } from '../sla/check-sla.js';
import { runScenario } from './run-scenario.js';

// Short, real runs against the embedded simulator on loopback: 2 s at 10 requests/s.
const ENV = { STREAM_RPS: '10', NONSTREAM_RPS: '10', HOLD: '2s', GRACEFUL_STOP: '10s' };

function config(env: Record<string, string> = {}): SuiteConfig {
  const result = readSuiteConfig({ ...ENV, ...env });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

let simulator: Simulator | null = null;
afterEach(async () => {
  await simulator?.close();
  simulator = null;
});

async function run(simulatorOptions: Partial<SimulatorOptions>, env: Record<string, string> = {}) {
  simulator = await startSimulator({ outputTokens: 8, cotOutputTokens: 16, ...simulatorOptions });
  return runScenario({
    scenario: 'chat_stream',
    prompt: loadPromptFixture('short'),
    config: config(env),
    baseUrl: simulator.url,
  });
}

describe('runScenario against the embedded simulator', () => {
  it('runs STREAM_CONCURRENCY=4 as 4 users back to back: 300 ms requests for 2 s, at most 4 x 7 iterations', async () => {
    // A fixed 300 ms service: prefill only, one output token.
    const result = await run(
      {
        slots: 4,
        prefillBaseMs: 300,
        prefillPerTokenMs: 0,
        outputTokens: 1,
        outputTokensJitter: 0,
      },
      { STREAM_CONCURRENCY: '4', STREAM_RPS: '' },
    );
    // Each user: starts at 0, ~300, ... while < 2000 ms: 7 at most (fewer on a loaded machine).
    const iterations = result.users?.iterations ?? 0;
    expect(result.users?.vus).toBe(4);
    expect(iterations).toBeLessThanOrEqual(28);
    expect(iterations).toBeGreaterThanOrEqual(20);
    expect(result.arrivals.peakInFlight).toBe(4);
    expect(result.arrivals.dropped).toBe(0);
    expect(result.store.count(parseSelector('http_reqs{outcome:ok}'))).toBe(iterations);
    // Users have no schedule: no schedule lag is recorded.
    expect(result.store.count(parseSelector('schedule_lag_ms'))).toBe(0);
    // 4 users on 4 slots never wait in the server's queue (X-Queue-Time), unlike 4 arrivals at once.
    const queueMs = result.store.select(parseSelector('llm_queue_ms')).values;
    expect(queueMs.length).toBe(iterations);
    expect(Math.max(...queueMs)).toBeLessThan(5);
    const ttft = result.store.select(parseSelector('llm_ttft_ms')).values;
    expect(Math.min(...ttft)).toBeGreaterThanOrEqual(299);
  });

  it('starts every scheduled arrival and records one tagged sample per request', async () => {
    const result = await run({});
    expect(result.arrivals.scheduled).toBe(20);
    expect(result.arrivals.dropped).toBe(0);
    expect(result.store.count(parseSelector('http_reqs{scenario:chat_stream,prompt:short}'))).toBe(
      20,
    );
    expect(
      result.store.count(parseSelector('llm_ttft_ms{status:200,outcome:ok,stream:true}')),
    ).toBe(20);
    expect(result.store.count(parseSelector('schedule_lag_ms{scenario:chat_stream}'))).toBe(20);
  });

  it('passes a time-to-first-token SLA the simulator meets', async () => {
    const result = await run({ extraTtftMs: 0 });
    const sla = checkSla(
      result.store,
      'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}',
      'p(95)<1000',
    );
    expect(sla.status).toBe('pass');
  });

  it('fails that SLA, with the measured value, when the simulator is made slow', async () => {
    const result = await run({ extraTtftMs: 1200 });
    const sla = checkSla(
      result.store,
      'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}',
      'p(95)<1000',
    );
    expect(sla.status).toBe('fail');
    expect(sla.measured).toBeGreaterThanOrEqual(1200);
    expect(sla.message).toContain('p(95)<1000');
  });

  it('passes no latency SLA when every request fails', async () => {
    const result = await run({ faultStatus500Rate: 1 });
    for (const selector of [
      'llm_ttft_ms{scenario:chat_stream,status:200}',
      'http_req_duration{scenario:chat_stream,status:200}',
    ]) {
      const sla = checkSla(result.store, selector, 'p(95)<1000');
      expect(sla.status).toBe('no-samples');
      expect(sla.message).toMatch(/500/);
    }
    expect(checkSla(result.store, 'http_req_failed', 'rate<0.02').status).toBe('fail');
  });

  it('drops arrivals beyond MAX_VUS instead of queueing them in the client', async () => {
    const result = await run({ extraTtftMs: 1500 }, { MAX_VUS: '3' });
    expect(result.arrivals.dropped).toBeGreaterThan(0);
    expect(result.arrivals.started).toBeLessThanOrEqual(20 - result.arrivals.dropped);
    expect(result.store.sum(parseSelector('dropped_iterations{scenario:chat_stream}'))).toBe(
      result.arrivals.dropped,
    );
    expect(checkSla(result.store, 'dropped_iterations', 'count<=0').status).toBe('fail');
  });
});
