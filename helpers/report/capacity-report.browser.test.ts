import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CapacityResult, CapacityStep } from '../capacity/capacity-result.js';
import { MetricStore } from '../metrics/metric-store.js';
import { CAPACITY_COLORS, latencyLimit } from './capacity-charts.js';
import { checkReportInBrowser, chromiumAvailable } from './check-report-in-browser.js';
import { collectRunResults } from './run-results.js';
import { isEnabled } from './suite-reporters.js';
import { writeRunResults } from './write-run-results.js';

const dir = mkdtempSync(join(tmpdir(), 'capacity-report-'));
const shotDir = join(tmpdir(), 'llm-report-browser-check');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const step = (load: number, ttftMs: number, verdict: CapacityStep['verdict']): CapacityStep => ({
  phase: 'grow',
  load,
  model: 'rate',
  segments: 1,
  judgedMs: 4000,
  requests: Math.round(load * 4),
  throughputPerSec: Math.min(load, 13.3),
  ttftP50Ms: ttftMs,
  ttftP95Ms: ttftMs * 1.2,
  totalP50Ms: ttftMs + 50,
  totalP95Ms: ttftMs * 1.2 + 60,
  tpotP50Ms: null,
  goodputShare: null,
  verdict,
  pointVerdict: verdict === 'pass' ? 'pass' : 'fail',
  shortOfSamples: false,
  decidedBy: verdict === 'pass' ? null : 'FAIL p(95) llm_ttft_ms',
  slas: [],
  signals: [],
});

const RESULT: CapacityResult = {
  scenario: 'chat_stream',
  prompt: 'short',
  unit: 'req/s',
  sustained: 13.2,
  failedAt: 14.5,
  limitedBy: { kind: 'sla', detail: 'at 14.5 req/s: FAIL p(95) llm_ttft_ms' },
  reason: null,
  precision: 0.1,
  slas: [
    'http_req_failed{scenario:chat_stream,prompt:short} rate<0.02',
    'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200} p(95)<500',
  ],
  steps: [
    step(3.3, 300, 'pass'),
    step(6.6, 300, 'pass'),
    step(13.2, 305, 'pass'),
    step(26.4, 1500, 'fail'),
    step(18.7, 900, 'fail'),
    step(14.5, 640, 'fail'),
  ],
  startedEpochMs: Date.now(),
  durationMs: 60_000,
};

describe('latencyLimit', () => {
  it('finds the latency SLA to draw, not the failure rate', () => {
    expect(latencyLimit(RESULT.slas)).toEqual({
      label: 'llm_ttft_ms p(95)<500',
      valueMs: 500,
    });
    expect(latencyLimit(['http_req_failed{scenario:x} rate<0.02'])).toBeNull();
  });
});

describe('report.html capacity section in headless Chromium', () => {
  it('draws the load-latency curve with the SLA limit and the throughput curve', async (context) => {
    if (!chromiumAvailable()) {
      const reason = 'Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)';
      if (isEnabled(process.env.CI)) expect.fail(`${reason}; CI must run the browser check`);
      context.skip(reason);
    }
    const results = collectRunResults([], {
      store: new MetricStore(),
      config: null,
      capacity: [RESULT],
    });
    const written = writeRunResults(results, { resultsDir: dir, secrets: [] });
    expect(written.problems).toEqual([]);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Capacity: chat_stream/short');
    expect(html).toContain('chat_stream/short sustains 13.2 req/s within its SLAs');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.suite.capacity).toEqual([RESULT]);

    mkdirSync(shotDir, { recursive: true });
    const check = await checkReportInBrowser(join(dir, 'report.html'), {
      screenshotPath: join(shotDir, 'capacity.png'),
    });
    expect(check.errors).toEqual([]);
    expect(check.requests).toEqual([]);
    expect(check.charts.map((c) => c.id)).toEqual(['capacity-0-latency', 'capacity-0-throughput']);
    expect(check.chartsDrawn).toBe(2);
    const [latency, throughput] = check.charts;
    const pixels = (chart: typeof latency, color: string) =>
      chart?.series.find((s) => s.color === color)?.pixels ?? 0;
    for (const color of [
      CAPACITY_COLORS.ttftP50,
      CAPACITY_COLORS.ttftP95,
      CAPACITY_COLORS.totalP50,
      CAPACITY_COLORS.totalP95,
      CAPACITY_COLORS.limit,
    ]) {
      expect(pixels(latency, color), color).toBeGreaterThanOrEqual(20);
    }
    expect(pixels(throughput, CAPACITY_COLORS.achieved)).toBeGreaterThanOrEqual(20);
    expect(pixels(throughput, CAPACITY_COLORS.offered)).toBeGreaterThanOrEqual(20);
  });
});
