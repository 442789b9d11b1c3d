import { describe, expect, it } from 'vitest';
import type { SlaResult } from '../sla/check-sla.js';
import type { BaselineComparison } from './compare-baseline.js';
import type { Distribution } from './distribution.js';
import { formatRunSummary } from './format-run-summary.js';
import type { ScenarioSummary } from './scenario-summary.js';

const d = (p50: number, count: number): Distribution => ({
  count,
  avg: p50,
  min: p50 / 2,
  p50,
  p90: p50 * 1.5,
  p95: p50 * 2,
  p99: p50 * 3,
  max: p50 * 4,
});

const SLA: SlaResult = {
  selector: 'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}',
  threshold: 'p(95)<1000',
  metric: 'llm_ttft_ms',
  kind: 'trend',
  unit: 'ms',
  aggregation: 'p(95)',
  minSamples: 10,
  interval: null,
  scope: { scenario: 'chat_stream', prompt: 'short' },
  requests: 120,
  failuresByOutcome: { 'http-error': 2 },
  requestsByStatus: { '200': 118, '503': 2 },
  droppedIterations: 1,
  status: 'fail',
  n: 118,
  measured: 1250.4,
  distribution: { p50: 400, p90: 900, p95: 1250.4, p99: 1500, max: 1700 },
  message: 'SLA failed: ...',
};

const STREAM: ScenarioSummary = {
  scenario: 'chat_stream',
  prompt: 'short',
  label: 'chat_stream/short',
  state: 'done',
  skipReason: null,
  requests: 120,
  ok: 118,
  failed: 2,
  failuresByOutcome: { 'http-error': 2 },
  requestsByStatus: { '200': 118, '503': 2 },
  dropped: 1,
  targetRatePerSec: 1,
  plannedRatePerSec: 0.8,
  achievedRatePerSec: 0.795,
  scheduleDurationMs: 150_000,
  trends: {
    ttfb: d(40, 118),
    ttft: d(400, 118),
    total: d(2000, 118),
    itl: d(12.5, 5900),
    tpot: d(12, 118),
    tokensPerSec: d(45, 118),
    queue: null,
    scheduleLag: d(0.25, 120),
  },
  outputTokens: 5900,
  users: null,
  goodput: { status: 'not-recorded', reason: 'no SLO_TTFT_MS, SLO_TPOT_MS or SLO_TOTAL_MS set' },
  slaResults: [SLA],
  notJudgedReason: null,
  baseline: null,
};

const SKIPPED: ScenarioSummary = {
  ...STREAM,
  scenario: 'chat_nonstream',
  label: 'chat_nonstream/short',
  state: 'skipped',
  skipReason: 'NONSTREAM_RPS=0 disables the chat_nonstream scenario',
  requests: 0,
  ok: 0,
  failed: 0,
  failuresByOutcome: {},
  requestsByStatus: {},
  dropped: 0,
  targetRatePerSec: 0,
  plannedRatePerSec: 0,
  achievedRatePerSec: null,
  trends: {
    ttfb: null,
    ttft: null,
    total: null,
    itl: null,
    tpot: null,
    tokensPerSec: null,
    queue: null,
    scheduleLag: null,
  },
  outputTokens: 0,
  slaResults: [],
};

describe('formatRunSummary', () => {
  it('writes the counts, the latency table, every SLA and the result files as plain text', () => {
    const text = formatRunSummary({
      scenarios: [STREAM, SKIPPED],
      durationMs: 152_340,
      interrupted: false,
      files: ['results/summary.json', 'results/samples.ndjson', 'results/report.html'],
    });
    expect(text).toBe(
      [
        '='.repeat(78),
        'LLM load summary: 2 scenarios, 152.3 s',
        '='.repeat(78),
        '',
        'scenario/prompt       state    requests   ok  failed  dropped  rate/s  planned/s  target/s',
        'chat_stream/short     done          120  118       2        1   0.795      0.800         1',
        'chat_nonstream/short  skipped         0    0       0        0       -          0         0',
        'rate/s: requests started per second of the schedule; planned/s: what the schedule asks',
        'on average (ramps included); target/s: the rate of its hold stage.',
        '  chat_nonstream/short skipped: NONSTREAM_RPS=0 disables the chat_nonstream scenario',
        '',
        'Failures by outcome',
        '  chat_stream/short  http-error 2',
        '',
        'Successful requests (ms; tokens/s per request; schedule lag of all requests)',
        'scenario/prompt    metric          p50    p90    p95    p99     n',
        'chat_stream/short  TTFB             40     60     80    120   118',
        '                   TTFT            400    600    800   1200   118',
        '                   total          2000   3000   4000   6000   118',
        '                   ITL            12.5   18.8     25   37.5  5900',
        '                   TPOT             12     18     24     36   118',
        '                   tokens/s         45   67.5     90    135   118',
        '                   queue             -      -      -      -     0',
        '                   schedule lag  0.250  0.375  0.500  0.750   120',
        '',
        'Goodput: not recorded (no SLO_TTFT_MS, SLO_TPOT_MS or SLO_TOTAL_MS set)',
        '',
        'SLAs: 0 passed, 1 failed',
        '  FAIL p(95) llm_ttft_ms{scenario:chat_stream,prompt:short,status:200} = 1250 ms (limit p(95)<1000, n=118)',
        '',
        'Results: results/summary.json, results/samples.ndjson, results/report.html',
        '='.repeat(78),
        '',
      ].join('\n'),
    );
  });

  it('says the run was interrupted and names scenarios that were not judged', () => {
    const text = formatRunSummary({
      scenarios: [{ ...STREAM, state: 'interrupted', slaResults: [] }],
      durationMs: 12_000,
      interrupted: true,
    });
    expect(text).toContain(
      'LLM load summary: INTERRUPTED after 12.0 s (1 scenario); partial results, unfinished scenarios were not judged',
    );
    expect(text).toContain('  chat_stream/short: no SLA was judged (interrupted)');
  });

  it('says how far an interrupted scenario got when its worker stopped it before the end', () => {
    const reason =
      'scenario interrupted after 12 of 240 scheduled arrivals (run interrupted by SIGTERM)';
    const text = formatRunSummary({
      scenarios: [{ ...STREAM, state: 'interrupted', slaResults: [], notJudgedReason: reason }],
      durationMs: 12_000,
      interrupted: true,
    });
    expect(text).toContain('SLAs: 0 passed, 0 failed');
    expect(text).toContain(`  chat_stream/short: no SLA was judged (${reason})`);
  });

  it('lists the baseline comparison with both values and the allowed bound', () => {
    const baseline: BaselineComparison = {
      baselinePath: 'baseline.json',
      scenario: 'chat_stream',
      prompt: 'short',
      tolerance: 0.1,
      status: 'fail',
      problem: null,
      rows: [
        {
          key: 'llm_ttft_ms{scenario:chat_stream,prompt:short,outcome:ok}',
          metric: 'llm_ttft_ms',
          stat: 'p(95)',
          better: 'lower',
          unit: 'ms',
          baseline: 500,
          current: 800,
          allowed: 550,
          change: 0.6,
          status: 'regressed',
        },
      ],
    };
    const text = formatRunSummary({
      scenarios: [{ ...STREAM, baseline }],
      durationMs: 1000,
      interrupted: false,
    });
    expect(text).toContain('Baseline baseline.json (tolerance 10%)\n  FAIL chat_stream/short\n');
    expect(text).toContain(
      '    REGRESSED p(95) llm_ttft_ms{scenario:chat_stream,prompt:short,outcome:ok} = 800 ms (baseline 500 ms, +60.0%, allowed <= 550 ms)',
    );
  });

  it('names a closed-model scenario with its users and iterations', () => {
    const closed: ScenarioSummary = { ...STREAM, users: { vus: 4, iterations: 96 } };
    const text = formatRunSummary({ scenarios: [closed], durationMs: 1000, interrupted: false });
    expect(text).toContain(
      '  chat_stream/short: closed model, 4 users back to back, 96 iterations',
    );
  });

  it('shows only the step tables when capacity specs alone ran', () => {
    const text = formatRunSummary({
      scenarios: [],
      durationMs: 60_000,
      interrupted: false,
      files: ['results/summary.json'],
      capacity: [
        {
          scenario: 'chat_stream',
          prompt: 'short',
          unit: 'req/s',
          sustained: 33.1,
          failedAt: 36,
          limitedBy: { kind: 'sla', detail: 'at 36 req/s: FAIL p(95)' },
          reason: null,
          precision: 0.1,
          slas: ['llm_ttft_ms{scenario:chat_stream,prompt:short} p(95)<1000'],
          steps: [],
          startedEpochMs: 0,
          durationMs: 60_000,
        },
      ],
    });
    expect(text).toContain('LLM load summary: 1 capacity search, 60.0 s');
    expect(text).toContain(
      '  chat_stream/short sustains 33.1 req/s within its SLAs; fails at 36 req/s',
    );
    expect(text).not.toContain('scenario/prompt');
    expect(text).not.toContain('SLAs:');
    expect(text).toContain('Results: results/summary.json');
  });

  it('says why the capacity specs were skipped', () => {
    const text = formatRunSummary({
      scenarios: [STREAM],
      durationMs: 1000,
      interrupted: false,
      skippedCapacityNote: '4 capacity specs skipped: it runs when named',
    });
    expect(text).toContain('\n4 capacity specs skipped: it runs when named\n');
  });

  it('says goodput was not recorded, and why, when no objective was set', () => {
    const text = formatRunSummary({ scenarios: [STREAM], durationMs: 1000, interrupted: false });
    expect(text).toContain(
      'Goodput: not recorded (no SLO_TTFT_MS, SLO_TPOT_MS or SLO_TOTAL_MS set)',
    );
  });

  it('shows goodput as a share and as good requests/s per scenario', () => {
    const withGoodput: ScenarioSummary = {
      ...STREAM,
      goodput: {
        status: 'recorded',
        objectives: 'TTFT <= 500 ms',
        good: 90,
        requests: 120,
        share: 0.75,
        perSec: 0.6,
      },
    };
    const lines = formatRunSummary({
      scenarios: [withGoodput],
      durationMs: 1000,
      interrupted: false,
    }).split('\n');
    const at = lines.indexOf('Goodput (TTFT <= 500 ms)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^scenario\/prompt +good +requests +share +good\/s$/);
    expect(lines[at + 2]).toMatch(/^chat_stream\/short +90 +120 +75% +0\.600$/);
  });

  it('uses no colour codes and no characters outside ASCII', () => {
    const text = formatRunSummary({ scenarios: [STREAM], durationMs: 1000, interrupted: false });
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
  });
});
