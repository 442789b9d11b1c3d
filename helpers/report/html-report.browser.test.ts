import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSla } from '../sla/check-sla.js';
import { checkReportInBrowser, chromiumAvailable } from './check-report-in-browser.js';
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
    if (!chromiumAvailable()) {
      const reason = 'Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)';
      if (isEnabled(process.env.CI)) expect.fail(`${reason}; CI must run the browser check`);
      context.skip(reason);
    }
    const streamOptions = { scenario: 'chat_stream', prompt: 'short' } as const;
    const nonstreamOptions = { scenario: 'chat_nonstream', prompt: 'cot', requests: 80 } as const;
    const stream = syntheticPart(streamOptions);
    const nonstream = syntheticPart(nonstreamOptions);
    const store = syntheticStore(streamOptions);
    stream.slaResults = [
      checkSla(store, 'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}', 'p(95)<1000'),
      checkSla(store, 'http_req_failed{scenario:chat_stream,prompt:short}', 'rate<0.02'),
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
    expect(check.charts).toHaveLength(12);
    expect(check.chartsDrawn).toBe(12);
    for (const chart of check.charts) {
      expect(chart.canvas, chart.id).toBe(true);
      for (const series of chart.series.filter((s) => s.hasData)) {
        expect(series.pixels, `${chart.id}: ${series.label}`).toBeGreaterThanOrEqual(20);
      }
    }
    expect(statSync(screenshotPath).size).toBeGreaterThan(20_000);
  });
});
