import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadSpecsRun, runLoadSpecs } from '../testing/run-load-spec-files.js';

// A real junit.xml: specs/stream/short.spec.ts in a child Vitest (JUNIT=1) against the embedded
// simulator, 3 s of load at 4/s, a TTFT limit of 1 ms that fails, no BASELINE (skipped).
const dir = mkdtempSync(join(tmpdir(), 'junit-extras-'));
let run: LoadSpecsRun;
let xml = '';

beforeAll(async () => {
  run = await runLoadSpecs({
    specs: ['specs/stream/short.spec.ts'],
    resultsDir: dir,
    env: {
      STREAM_RPS: '4',
      NONSTREAM_RPS: '0',
      START_RATE: '0',
      RAMP_UP: '0s',
      HOLD: '3s',
      RAMP_DOWN: '0s',
      GRACEFUL_STOP: '20s',
      MIN_SAMPLES: '5',
      SLA_STREAM_SHORT_TTFT_P95_MS: '1',
    },
    timeoutMs: 120_000,
  });
  xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
}, 150_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The XML of the test case whose name contains `part`. */
function testCase(part: string): string {
  const at = xml.indexOf(part);
  expect(at, `no test case named ...${part}... in\n${xml}`).toBeGreaterThan(-1);
  const start = xml.lastIndexOf('<testcase ', at);
  return xml.slice(start, xml.indexOf('</testcase>', at));
}

function timeOf(element: string): number {
  return Number(/ time="([^"]*)"/.exec(element)?.[1]);
}

describe('junit.xml of a real run', () => {
  it('gives a skipped test its reason', () => {
    expect(run.exitCode, run.output).toBe(1);
    expect(testCase('no regression against the baseline')).toContain(
      '<skipped message="BASELINE is not set: set BASELINE=&lt;path&gt; to compare with a saved run"/>',
    );
  });

  it("puts each SLA result in the test case's system-out, failing ones with their message", () => {
    const failed = testCase('p95 time to first token');
    expect(failed).toContain('<failure');
    const out = failed.slice(failed.indexOf('<system-out>'));
    expect(out).toMatch(
      /sla: FAIL p\(95\) llm_ttft_ms\{scenario:chat_stream,prompt:short,status:200\} = \d+(\.\d)? ms(, 95% CI [^(]*(\([^)]*\))?)? \(limit p\(95\)&lt;1, n=\d+\)/,
    );
    expect(out).toContain(
      'SLA failed: llm_ttft_ms{scenario:chat_stream,prompt:short,status:200} p(95)&lt;1',
    );
    expect(out).toMatch(
      /measured {6}p\(95\) = [\d.]+ ms(, 95% CI [^(]*(\([^)]*\))?)? \(must be &lt; 1\)/,
    );
    expect(testCase('fails fewer than')).toMatch(
      /<system-out>\n(.|\n)*SLA passed: http_req_failed/,
    );
  });

  it("shares the load's time among the tests that ran, so their times add up to the file's", () => {
    const suite = /<testsuite name="specs\/stream\/short.spec.ts"[^>]*>/.exec(xml)?.[0] ?? '';
    const suiteSec = timeOf(suite);
    // The load is 3 s of arrivals plus the last answers.
    expect(suiteSec).toBeGreaterThan(3);
    const ran = ['fails fewer than', 'p95 time to first token', 'drops at most'].map(testCase);
    const skipped = testCase('no regression against the baseline');
    const sum = [...ran, skipped].map(timeOf).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - suiteSec)).toBeLessThan(0.01);
    for (const element of ran) {
      expect(timeOf(element)).toBeGreaterThan(1);
      expect(element).toMatch(
        /<property name="load" value="[\d.]+ s in the beforeAll\/afterAll hooks of specs\/stream\/short.spec.ts/,
      );
    }
    expect(timeOf(skipped)).toBeLessThan(0.5);
  });
});
