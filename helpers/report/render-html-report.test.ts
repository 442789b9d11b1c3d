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
        interval: null,
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

  it('embeds one chart spec per chart, seven per stream scenario that ran', () => {
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
      'chart-0-in-flight',
      'chart-0-errors',
    ]);
    expect(html).toContain('<p>Skipped: rate 0</p>');
  });

  it('describes the server and the workload at the top: model, URL, schedule, token lengths', () => {
    const part = { ...syntheticPart(), baseUrl: 'https://user:pw@llm.example.com/v1?key=abc' };
    const html = page([part]);
    const top = html.slice(
      html.indexOf('<h2>Server and workload</h2>'),
      html.indexOf('<table class="overview">'),
    );
    expect(top).toContain(
      'Server: https://***@llm.example.com/v1 (embedded simulator), model test-model',
    );
    expect(html).not.toContain('pw@');
    expect(html).not.toContain('key=abc');
    // The synthetic requests: 30 prompt tokens (usage) and 50 output tokens each, 54 ok.
    expect(top).toContain(
      '<td>chat_stream/short</td><td>stream</td><td>prompt fixture short</td><td>start 2/s; 30.0 s at 2/s</td><td>even</td><td>50</td>',
    );
    expect(top).toContain('<td>30 / 30 / 30 / 30 (n=54)</td><td>50 / 50 / 50 / 50 (n=54)</td>');
  });

  it('names the WORKLOAD a workload run sent', () => {
    const part = {
      ...syntheticPart(),
      workload: {
        kind: 'synthetic' as const,
        tag: 'synthetic',
        source: 'prompt_tokens=512,output_tokens=128',
        items: 64,
        turns: 1,
        thinkTimeMs: 0,
        seed: 7,
        skippedLines: [],
        calibration: null,
      },
    };
    expect(page([part])).toContain(
      '<td>WORKLOAD synthetic prompt_tokens=512,output_tokens=128 (64 items, 1 turn, seed 7)</td>',
    );
  });

  it("writes each chart's caption and the limits it draws under it", () => {
    // Peak 3 in flight: MAX_VUS 4 is near enough to be drawn.
    const part = { ...syntheticPart(), maxVus: 4 };
    const html = page([part]);
    expect(html).toContain('spread evenly between first token and last byte of each request');
    expect(html).toContain('Dashed line: MAX_VUS 4.');
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
