import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { loadPromptFixture } from '../fixtures/prompt-fixture.js';
import { type Simulator, startSimulator } from '../simulator/simulator.js';
import { formatCapacityTable } from './format-capacity.js';
import { createCapacityStepRunner } from './run-capacity-step.js';
import { searchCapacity } from './search-capacity.js';

// Known truth: 4 slots and a fixed service of 300 ms (prefill only, one output token) serve
// at most 4 / 0.3 = 13.3 requests/s. Below that, even arrivals never queue (TTFT = 300 ms);
// above it the queue grows without bound, and a TTFT SLA of 500 ms fails within a step.
const CAPACITY_PER_SEC = 4 / 0.3;
const FIXED_300_MS = {
  slots: 4,
  prefillBaseMs: 300,
  prefillPerTokenMs: 0,
  outputTokens: 1,
  outputTokensJitter: 0,
};
const SLAS = [
  { selector: 'http_req_failed{scenario:chat_stream,prompt:short}', threshold: 'rate<0.02' },
  { selector: 'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}', threshold: 'p(95)<500' },
  { selector: 'dropped_iterations{scenario:chat_stream,prompt:short}', threshold: 'count<=0' },
];

function config(env: Record<string, string>): SuiteConfig {
  const result = readSuiteConfig({ CAPACITY_STEP: '3s', CAPACITY_PRECISION: '0.1', ...env });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

let simulator: Simulator | null = null;
afterEach(async () => {
  await simulator?.close();
  simulator = null;
});

async function search(simulatorOptions: object, unit: 'rate' | 'users' = 'rate') {
  simulator = await startSimulator(simulatorOptions);
  const suite = config({ CAPACITY_UNIT: unit });
  return searchCapacity({
    unit,
    precision: suite.capacity.precision,
    runStep: createCapacityStepRunner({
      config: suite,
      scenario: 'chat_stream',
      prompt: loadPromptFixture('short'),
      baseUrl: simulator.url,
      slas: SLAS,
    }),
  });
}

describe('the capacity search against the simulator (real steps on loopback)', () => {
  it('finds 4 slots x 300 ms: sustained within CAPACITY_PRECISION below 13.3 req/s, failedAt above', async () => {
    const result = await search(FIXED_300_MS);
    // The step table, for whoever reads the test log.
    console.log(
      formatCapacityTable({
        ...result,
        scenario: 'chat_stream',
        prompt: 'short',
        precision: 0.1,
        slas: SLAS.map((s) => `${s.selector} ${s.threshold}`),
        startedEpochMs: 0,
        durationMs: 0,
      }).join('\n'),
    );
    expect(result.sustained).not.toBeNull();
    const sustained = result.sustained as number;
    expect(sustained).toBeGreaterThanOrEqual(CAPACITY_PER_SEC * (1 - 0.1));
    // The probe measures 300 ms plus the client's own time: a hair below 13.3 at most.
    expect(sustained).toBeLessThanOrEqual(CAPACITY_PER_SEC * 1.01);
    expect(result.failedAt).toBeGreaterThan(CAPACITY_PER_SEC);
    expect(result.failedAt as number).toBeLessThanOrEqual(sustained * 1.1 * 1.001);
    expect(['sla', 'saturation']).toContain(result.limitedBy.kind);
    // The sustained step was decided on enough samples to bound p(95) from above.
    const passed = result.steps.find((s) => s.load === sustained && s.verdict === 'pass');
    expect(passed?.requests).toBeGreaterThanOrEqual(72);
  }, 150_000);

  it('reports sustained null with the reason when the server fails every request', async () => {
    const result = await search({ ...FIXED_300_MS, faultStatus500Rate: 1 });
    expect(result.sustained).toBeNull();
    expect(result.failedAt).not.toBeNull();
    expect(result.reason).toMatch(
      /^not even one request at a time held the SLAs: FAIL rate http_req_failed\{scenario:chat_stream,prompt:short\} = 1 /,
    );
    expect(result.steps).toHaveLength(1);
  }, 30_000);

  it('says the load generator could not keep up when its own event loop is blocked', async () => {
    // The server in a process of its own: only the load generator is starved here.
    const cli = fileURLToPath(new URL('../simulator/cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        '--port',
        '0',
        '--output-tokens',
        '4',
        '--output-tokens-jitter',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk) => {
          out += chunk;
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (found) resolve(found[1] as string);
        });
        child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
      });
      const runStep = createCapacityStepRunner({
        config: config({ CAPACITY_STEP: '2s' }),
        scenario: 'chat_stream',
        prompt: loadPromptFixture('short'),
        baseUrl: url,
        slas: SLAS,
      });
      // The generator's process is busy 120 ms of every 200: arrivals start late, and its
      // clock stamps the server's answers late too.
      const hog = setInterval(() => {
        const until = performance.now() + 120;
        while (performance.now() < until) {
          // busy: the load generator cannot keep its schedule
        }
      }, 200);
      try {
        const step = await runStep({ phase: 'grow', model: 'rate', load: 20, segment: 0 });
        expect(step.signals.map((s) => s.kind)).toContain('generator-lagging');
        expect(step.verdict).toBe('generator-limit');
        expect(step.decidedBy).toContain("this is the generator's limit, not the server's");
      } finally {
        clearInterval(hog);
      }
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
