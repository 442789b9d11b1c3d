import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCapacityResults, writeCapacityResult } from './capacity-file.js';
import type { CapacityResult, CapacityStep } from './capacity-result.js';
import { formatCapacityLine, formatCapacityTable } from './format-capacity.js';

const step = (overrides: Partial<CapacityStep>): CapacityStep => ({
  phase: 'grow',
  load: 6.6,
  model: 'rate',
  segments: 1,
  judgedMs: 2400,
  requests: 16,
  throughputPerSec: 6.6,
  ttftP50Ms: 301,
  ttftP95Ms: 305,
  totalP50Ms: 302,
  totalP95Ms: 306,
  tpotP50Ms: null,
  goodputShare: null,
  verdict: 'undecided',
  pointVerdict: 'pass',
  shortOfSamples: false,
  decidedBy: null,
  slas: [],
  signals: [],
  ...overrides,
});

const RESULT: CapacityResult = {
  scenario: 'chat_stream',
  prompt: 'short',
  unit: 'req/s',
  sustained: 13.2,
  failedAt: 14.4,
  limitedBy: { kind: 'sla', detail: 'at 14.4 req/s: FAIL p(95) llm_ttft_ms = 780 ms' },
  reason: null,
  precision: 0.1,
  slas: ['llm_ttft_ms{scenario:chat_stream,prompt:short,status:200} p(95)<500'],
  steps: [
    step({ phase: 'probe', model: 'users', load: 3.3, throughputPerSec: 3.3 }),
    step({ phase: 'confirm', load: 13.2, verdict: 'pass', segments: 3, goodputShare: 0.99 }),
  ],
  startedEpochMs: 1000,
  durationMs: 40_000,
};

describe('formatCapacityTable', () => {
  it('lists every step with its offered load, throughput, latencies, verdict and extensions', () => {
    const lines = formatCapacityTable(RESULT);
    expect(lines[0]).toBe(
      'Capacity of chat_stream/short (llm_ttft_ms{scenario:chat_stream,prompt:short,status:200} p(95)<500)',
    );
    expect(lines[1]).toMatch(
      /^ {2}step +offered \(req\/s\) +achieved req\/s +n +TTFT p50 +TTFT p95/,
    );
    expect(lines[2]).toMatch(
      /^ {2}1 probe +1 user = 3\.3 +3\.3 +16 +301 ms +305 ms +- +- +undecided/,
    );
    expect(lines[3]).toMatch(/^ {2}2 confirm +13\.2 +6\.6 +16 .* +99% +pass \(x3\)$/);
    expect(lines[4]).toBe(
      '  chat_stream/short sustains 13.2 req/s within its SLAs; fails at 14.4 req/s (sla: at 14.4 req/s: FAIL p(95) llm_ttft_ms = 780 ms)',
    );
    for (const line of lines) expect(line).toMatch(/^[\x20-\x7e]*$/);
  });

  it('says why nothing was sustained', () => {
    expect(
      formatCapacityLine({
        ...RESULT,
        sustained: null,
        failedAt: 3.3,
        reason: 'every request failed',
      }),
    ).toContain(
      'chat_stream/short sustains no load within its SLAs: every request failed; fails at 3.3 req/s',
    );
  });
});

describe('capacity result files', () => {
  it('round-trips through RESULTS_DIR/.capacity and skips searches older than the run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-'));
    writeCapacityResult(dir, RESULT);
    writeCapacityResult(dir, { ...RESULT, prompt: 'cot', startedEpochMs: 10 });
    expect(readCapacityResults(dir, 500).items).toEqual([RESULT]);
    expect(readCapacityResults(dir).items.map((r) => r.prompt)).toEqual(['cot', 'short']);
  });
});
