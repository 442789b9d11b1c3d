import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSla } from '../sla/check-sla.js';
import {
  checkReportInBrowser,
  chromiumMissingReason,
  chromiumMissingWarning,
} from './check-report-in-browser.js';
import { collectRunResults } from './run-results.js';
import { isEnabled } from './suite-reporters.js';
import { syntheticPart, syntheticStore, syntheticStores } from './testing/synthetic-part.js';
import { writeRunResults } from './write-run-results.js';

const dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
// The screenshot stays after the run, for a person to look at.
const shotDir = join(tmpdir(), 'llm-report-browser-check');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report.html in headless Chromium', () => {
  it('draws every chart from its data and makes no network request', async (context) => {
    const missing = chromiumMissingReason();
    if (missing !== null) {
      if (isEnabled(process.env.CI)) expect.fail(`${missing}; CI must run the browser check`);
      // Shown by Vitest in the run's output (stderr), not only as a skipped count.
      console.warn(chromiumMissingWarning(missing));
      context.skip(missing);
    }
    const streamOptions = { scenario: 'chat_stream', prompt: 'short' } as const;
    const nonstreamOptions = { scenario: 'chat_nonstream', prompt: 'cot', requests: 80 } as const;
    const stream = syntheticPart(streamOptions);
    // MAX_VUS near the synthetic peak (3 in flight), so its line is drawn too.
    const nonstream = { ...syntheticPart(nonstreamOptions), maxVus: 5 };
    const store = syntheticStore(streamOptions);
    const nonstreamStore = syntheticStore(nonstreamOptions);
    stream.slaResults = [
      checkSla(store, 'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}', 'p(95)<1000'),
      checkSla(store, 'http_req_failed{scenario:chat_stream,prompt:short}', 'rate<0.02'),
    ];
    nonstream.slaResults = [
      checkSla(
        nonstreamStore,
        'http_req_duration{scenario:chat_nonstream,prompt:cot,status:200}',
        'p(95)<1200',
      ),
    ];
    const results = collectRunResults([stream, nonstream], {
      config: null,
      store: syntheticStores([streamOptions, nonstreamOptions]),
    });
    const written = writeRunResults(results, { resultsDir: dir, secrets: [] });
    expect(written.problems).toEqual([]);
    mkdirSync(shotDir, { recursive: true });
    const screenshotPath = join(shotDir, 'report.png');

    const check = await checkReportInBrowser(join(dir, 'report.html'), { screenshotPath });

    expect(check.requests).toEqual([]);
    expect(check.blocked).toEqual([]);
    expect(check.errors).toEqual([]);
    // Stream: 7 charts; non-stream: 6 (no TTFT histogram).
    expect(check.charts).toHaveLength(13);
    expect(check.chartsDrawn).toBe(13);
    for (const chart of check.charts) {
      expect(chart.canvas, chart.id).toBe(true);
      for (const series of chart.series.filter((s) => s.hasData)) {
        expect(series.pixels, `${chart.id}: ${series.label}`).toBeGreaterThanOrEqual(20);
      }
      if (chart.limits > 0) {
        expect(chart.limitPixels, `${chart.id}: limit lines`).toBeGreaterThanOrEqual(20);
      }
    }
    // The SLA lines: TTFT and failed share (stream), duration (non-stream); MAX_VUS 5.
    const withLimits = check.charts.filter((c) => c.limits > 0).map((c) => c.id);
    expect(withLimits).toEqual([
      'chart-0-ttft-hist',
      'chart-0-latency',
      'chart-0-errors',
      'chart-1-total-hist',
      'chart-1-latency',
      'chart-1-in-flight',
    ]);
    expect(statSync(screenshotPath).size).toBeGreaterThan(20_000);
  });
});
