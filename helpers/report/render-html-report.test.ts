import { describe, expect, it } from 'vitest';
import type { ScenarioPart } from '../scenario/scenario-part.js';
import { htmlReportInput, renderHtmlReport } from './render-html-report.js';
import { collectRunResults } from './run-results.js';
import { summarizeRun } from './scenario-summary.js';
import { syntheticPart, syntheticStores } from './testing/synthetic-part.js';

const ASSETS = { js: 'window.uPlot = function () {};', css: '.uplot{}' };
const HOSTILE = '"><img src=x onerror=alert(1)></script><script>alert(2)</script>';

function page(parts: ScenarioPart[]): string {
  const store = syntheticStores(parts.map((p) => ({ prompt: p.prompt, model: p.model })));
  const results = collectRunResults(parts, { config: null, store });
  return renderHtmlReport(htmlReportInput(results, summarizeRun(results)), ASSETS);
}

describe('renderHtmlReport', () => {
  it('escapes every string from the run: no markup of its own gets through', () => {
    const part = syntheticPart({ prompt: HOSTILE, model: HOSTILE });
    part.slaResults = [
      {
        selector: `llm_ttft_ms{prompt:${HOSTILE}}`,
        threshold: 'p(95)<1000',
        metric: 'llm_ttft_ms',
        kind: 'trend',
        unit: 'ms',
        aggregation: 'p(95)',
        minSamples: 10,
        scope: { prompt: HOSTILE },
        n: 0,
        requests: 0,
        failuresByOutcome: {},
        requestsByStatus: {},
        droppedIterations: 0,
        status: 'no-samples',
        measured: null,
        distribution: null,
        reason: HOSTILE,
        message: HOSTILE,
      },
    ];
    const html = page([part]);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Exactly the page's own three script elements and one closing tag each.
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('is self-contained: inline uPlot and CSS, no src or href, a CSP that forbids loading', () => {
    const html = page([syntheticPart()]);
    expect(html).toContain('<script>window.uPlot = function () {};</script>');
    expect(html).toContain('<style>.uplot{}</style>');
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).toContain(`content="default-src 'none';`);
  });

  it('embeds one chart spec per chart, six per scenario that ran', () => {
    const skipped = {
      ...syntheticPart({ prompt: 'cot' }),
      state: 'skipped' as const,
      skipReason: 'rate 0',
    };
    const html = page([syntheticPart(), skipped]);
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(
      html,
    )?.[1];
    const data = JSON.parse(json ?? '{}');
    expect(data.charts.map((c: { id: string }) => c.id)).toEqual([
      'chart-0-ttft-hist',
      'chart-0-total-hist',
      'chart-0-latency',
      'chart-0-throughput',
      'chart-0-tokens',
      'chart-0-errors',
    ]);
    expect(html).toContain('<p>Skipped: rate 0</p>');
  });

  it("shows the server's first distinct errors and an early stop, escaped", () => {
    const part: ScenarioPart = {
      ...syntheticPart(),
      serverErrors: {
        entries: [
          { outcome: 'http-error', status: 503, message: `overloaded ${HOSTILE}`, count: 6 },
        ],
        otherCount: 2,
      },
      abortReason: 'ABORT_ON_FAIL stopped the scenario after 10.0 s',
    };
    const html = page([part]);
    expect(html).toContain(
      '<h3>Server errors</h3><ul class="server-errors"><li>503 http-error x6: ',
    );
    expect(html).toContain('<li>... and 2 more failed requests with other errors</li>');
    expect(html).toContain('<p>Stopped early: ABORT_ON_FAIL stopped the scenario after 10.0 s</p>');
    expect(html).not.toContain('<img');
  });
});
