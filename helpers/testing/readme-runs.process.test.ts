import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLoadSpecs } from './run-load-spec-files.js';

// The README's commands that no other test runs, run here against the embedded simulator
// with a tiny profile (readme-commands.test.ts maps each README command to the test that
// runs it).

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function resultsDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `readme-${label}-`));
  dirs.push(dir);
  return dir;
}

const TINY_PROFILE = {
  START_RATE: '0',
  RAMP_UP: '0s',
  HOLD: '2s',
  RAMP_DOWN: '0s',
  MIN_SAMPLES: '2',
};

describe("the README's commands, run against the embedded simulator", () => {
  it('npx vitest run specs/meta runs only the meta scenario, and its SLAs pass', {
    timeout: 120_000,
  }, async () => {
    const run = await runLoadSpecs({
      specs: ['specs/meta'],
      resultsDir: resultsDir('meta'),
      env: { ...TINY_PROFILE, META_RPS: '2' },
      timeoutMs: 110_000,
    });
    expect(run.exitCode, run.output).toBe(0);
    const ran = run.cases.filter((c) => c.status !== 'skipped');
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.every((c) => c.name.startsWith('meta') && c.status === 'passed')).toBe(true);
  });

  it('WORKLOAD=prompt_tokens=512,output_tokens=64 npx vitest run specs/workload sends that workload and passes', {
    timeout: 120_000,
  }, async () => {
    const run = await runLoadSpecs({
      specs: ['specs/workload'],
      resultsDir: resultsDir('workload'),
      env: {
        ...TINY_PROFILE,
        WORKLOAD: 'prompt_tokens=512,output_tokens=64',
        STREAM_RPS: '2',
        NONSTREAM_RPS: '2',
      },
      timeoutMs: 110_000,
    });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.cases.filter((c) => c.status === 'passed').length).toBeGreaterThan(0);
    const summary = JSON.parse(readFileSync(join(run.resultsDir, 'summary.json'), 'utf8')) as {
      suite: { scenarios: { scenario: string; prompt: string; requests: number }[] };
    };
    expect(
      summary.suite.scenarios.map((s) => `${s.scenario}/${s.prompt}:${s.requests}`).sort(),
    ).toEqual(['chat_nonstream/synthetic:4', 'chat_stream/synthetic:4']);
  });

  it('npx vitest run specs/capacity/stream-short runs the search and reports where it stops', {
    timeout: 120_000,
  }, async () => {
    // A TTFT limit of 1 ms fails at the first step, so the search ends in seconds; what is
    // tested is that the command runs the search end to end and reports its verdict.
    const run = await runLoadSpecs({
      specs: ['specs/capacity/stream-short'],
      projects: ['capacity'],
      resultsDir: resultsDir('capacity'),
      env: { CAPACITY_STEP: '1s', MIN_SAMPLES: '2', SLA_STREAM_SHORT_TTFT_P95_MS: '1' },
      timeoutMs: 110_000,
    });
    expect(run.exitCode, run.output).toBe(1);
    expect(run.cases.map((c) => [c.name, c.status])).toEqual([
      ['capacity: chat stream, short prompt > sustains at least 1 req/s within the SLAs', 'failed'],
    ]);
    const summary = JSON.parse(readFileSync(join(run.resultsDir, 'summary.json'), 'utf8')) as {
      suite: {
        capacity: { scenario: string; sustained: number | null; limitedBy: { kind: string } }[];
      };
    };
    expect(summary.suite.capacity.map((c) => [c.scenario, c.sustained, c.limitedBy.kind])).toEqual([
      ['chat_stream', null, 'sla'],
    ]);
  });
});
