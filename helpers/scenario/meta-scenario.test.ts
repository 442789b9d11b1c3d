import { afterEach, describe, expect, it } from 'vitest';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { parseSelector } from '../metrics/parse-selector.js';
import { type Simulator, startSimulator } from '../simulator/simulator.js';
import { runScenario } from './run-scenario.js';
import { ServerErrorDigest } from './server-error-digest.js';

// 2 s at META_RPS=5 from a 0 start rate... a constant rate: 10 iterations.
const ENV = { META_RPS: '5', HOLD: '2s', GRACEFUL_STOP: '5s' };

function config(env: Record<string, string> = {}): SuiteConfig {
  const result = readSuiteConfig({ BASE: 'http://127.0.0.1:9', ...ENV, ...env });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

let simulator: Simulator | null = null;
afterEach(async () => {
  await simulator?.close();
  simulator = null;
});

describe('the meta scenario', () => {
  it('sends GET /v1/version then GET /v1/models per iteration, tagged and counted like k6', async () => {
    simulator = await startSimulator({});
    const run = await runScenario({ scenario: 'meta', config: config(), baseUrl: simulator.url });
    expect(run.arrivals.started).toBe(10);
    expect(simulator.stats().requests).toBe(20);
    const count = (selector: string) => run.store.count(parseSelector(selector));
    expect(count('http_reqs{scenario:meta,prompt:endpoints,name:GET /v1/version,status:200}')).toBe(
      10,
    );
    expect(count('http_reqs{scenario:meta,name:GET /v1/models,status:200,outcome:ok}')).toBe(10);
    expect(count('http_req_duration{scenario:meta}')).toBe(20);
    expect(count('llm_ttfb_ms{scenario:meta}')).toBe(20);
    expect(run.store.sum(parseSelector('http_req_failed{scenario:meta}'))).toBe(0);
    // One schedule lag per iteration (with its first GET); no LLM metric.
    expect(count('schedule_lag_ms{scenario:meta}')).toBe(10);
    expect(count('llm_ttft_ms')).toBe(0);
    expect(count('llm_total_ms')).toBe(0);
  });

  it('drops the version call with SKIP_VERSION_CHECK=1', async () => {
    simulator = await startSimulator({});
    const run = await runScenario({
      scenario: 'meta',
      config: config({ SKIP_VERSION_CHECK: '1' }),
      baseUrl: simulator.url,
    });
    expect(simulator.stats().requests).toBe(10);
    expect(run.store.count(parseSelector('http_reqs{name:GET /v1/version}'))).toBe(0);
  });

  it("counts a server without /v1/version in http_req_failed, with the server's 404 text", async () => {
    simulator = await startSimulator({ flavor: 'llamacpp' });
    const errors = new ServerErrorDigest();
    const run = await runScenario({
      scenario: 'meta',
      config: config(),
      baseUrl: simulator.url,
      onOutcome: (outcome, status) => errors.add(outcome, status),
    });
    expect(run.store.sum(parseSelector('http_req_failed{scenario:meta,status:404}'))).toBe(10);
    expect(run.store.sum(parseSelector('http_req_failed{scenario:meta,status:200}'))).toBe(0);
    expect(errors.result().entries).toEqual([
      expect.objectContaining({ outcome: 'http-error', status: 404, count: 10 }),
    ]);
  });
});
