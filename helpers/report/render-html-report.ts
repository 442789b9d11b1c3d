import { formatSlaAnnotation } from '../scenario/format-sla-annotation.js';
import { formatServerErrors } from '../scenario/server-error-digest.js';
import type { SlaResult } from '../sla/check-sla.js';
import { type ChartOptions, type ChartSpec, scenarioCharts } from './chart-data.js';
import type { BaselineComparison } from './compare-baseline.js';
import { escapeHtml, jsonForScript, scriptText, styleText } from './escape-html.js';
import { formatBaselineRow, formatTolerance } from './format-baseline-comparison.js';
import { formatNumber, formatSeconds } from './format-number.js';
import type { PublicSuiteConfig } from './public-config.js';
import { type RunResults, runDurationMs } from './run-results.js';
import { type ScenarioSummary, SUMMARY_TRENDS } from './scenario-summary.js';
import type { UplotAssets } from './uplot-assets.js';

/** One scenario x prompt section of the page. */
export interface HtmlScenarioSection {
  summary: ScenarioSummary;
  /** Its charts; empty for a skipped scenario. */
  charts: ChartSpec[];
}

/** Everything `renderHtmlReport` puts on the page; plain data. */
export interface HtmlReportInput {
  /** Run start, RFC 3339. */
  startedAt: string;
  durationMs: number;
  interrupted: boolean;
  sections: HtmlScenarioSection[];
  /** Run configuration without secret values. */
  config: PublicSuiteConfig | null;
}

/** The page's input from a run: summaries and charts per part. */
export function htmlReportInput(
  results: RunResults,
  summaries: readonly ScenarioSummary[],
  options: ChartOptions = {},
): HtmlReportInput {
  return {
    startedAt: new Date(results.startedEpochMs).toISOString(),
    durationMs: runDurationMs(results),
    interrupted: results.interrupted,
    config: results.config,
    sections: results.parts.map((part, i) => ({
      summary: summaries[i] as ScenarioSummary,
      charts:
        part.state === 'skipped' ? [] : scenarioCharts(part, results.store, `chart-${i}`, options),
    })),
  };
}

/**
 * report.html: one self-contained page (uPlot and its CSS inlined, data in a JSON script
 * element, no external resource of any kind). Every string from the run is escaped; the data
 * is embedded with `<`, `>` and `&` as JSON escapes.
 */
export function renderHtmlReport(input: HtmlReportInput, assets: UplotAssets): string {
  const charts = input.sections.flatMap((section) => section.charts);
  const title = input.interrupted ? 'LLM load test report (interrupted)' : 'LLM load test report';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may leave the page: no fetch, no fonts, no images from anywhere but inline data.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${styleText(assets.css)}</style>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">Started ${escapeHtml(input.startedAt)}, ran ${escapeHtml(formatSeconds(input.durationMs))}` +
      `${input.interrupted ? ': <strong>interrupted, partial results</strong>' : ''}.</p>`,
    overviewTable(input.sections.map((s) => s.summary)),
    ...input.sections.map(sectionHtml),
    configHtml(input.config),
    `<script type="application/json" id="report-data">${jsonForScript({ charts })}</script>`,
    `<script>${scriptText(assets.js)}</script>`,
    `<script>${scriptText(PAGE_SCRIPT)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function overviewTable(summaries: readonly ScenarioSummary[]): string {
  const head = row('th', [
    'scenario/prompt',
    'state',
    'requests',
    'ok',
    'failed',
    'dropped',
    'rate/s',
    'planned/s',
    'target/s',
    'SLAs',
  ]);
  const body = summaries.map((s) => {
    const passed = s.slaResults.filter((r) => r.status === 'pass').length;
    return row('td', [
      s.label,
      s.state,
      String(s.requests),
      String(s.ok),
      String(s.failed),
      String(s.dropped),
      s.achievedRatePerSec === null ? '-' : formatNumber(s.achievedRatePerSec),
      formatNumber(s.plannedRatePerSec),
      formatNumber(s.targetRatePerSec),
      `${passed}/${s.slaResults.length} passed`,
    ]);
  });
  return `<table class="overview">${head}${body.join('')}</table>`;
}

function sectionHtml(section: HtmlScenarioSection): string {
  const s = section.summary;
  const parts = [`<section><h2>${escapeHtml(s.label)}</h2>`];
  if (s.skipReason !== null) {
    parts.push(`<p>Skipped: ${escapeHtml(s.skipReason)}</p></section>`);
    return parts.join('\n');
  }
  const failures = Object.entries(s.failuresByOutcome)
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(', ');
  parts.push(
    `<p>${escapeHtml(
      `${s.requests} requests, ${s.failed} failed${failures ? ` (${failures})` : ''}, ` +
        `${s.dropped} dropped; ${s.outputTokens} output tokens`,
    )}</p>`,
  );
  if (s.abortReason != null) parts.push(`<p>Stopped early: ${escapeHtml(s.abortReason)}</p>`);
  const errors = formatServerErrors(s.serverErrors);
  if (errors.length > 0) {
    parts.push(
      `<h3>Server errors</h3><ul class="server-errors">${errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`,
    );
  }
  parts.push(trendTable(s), slaTable(s.slaResults));
  if (s.baseline !== null) parts.push(baselineHtml(s.baseline));
  parts.push('<div class="charts">');
  for (const chart of section.charts) {
    parts.push(
      chart.empty === null
        ? `<figure class="chart" id="${escapeHtml(chart.id)}" data-chart="${escapeHtml(chart.id)}"></figure>`
        : `<figure class="chart empty"><figcaption>${escapeHtml(chart.title)}</figcaption><p>${escapeHtml(chart.empty)}</p></figure>`,
    );
  }
  parts.push('</div></section>');
  return parts.join('\n');
}

function trendTable(s: ScenarioSummary): string {
  const head = row('th', ['successful requests', 'p50', 'p90', 'p95', 'p99', 'max', 'n']);
  const body = SUMMARY_TRENDS.map((trend) => {
    const d = s.trends[trend.key];
    const label = `${trend.label} (${trend.unit})`;
    return d === null
      ? row('td', [label, '-', '-', '-', '-', '-', '0'])
      : row('td', [
          label,
          ...[d.p50, d.p90, d.p95, d.p99, d.max].map(formatNumber),
          String(d.count),
        ]);
  });
  return `<table>${head}${body.join('')}</table>`;
}

function slaTable(results: readonly SlaResult[]): string {
  if (results.length === 0) return '<p>No SLA was judged.</p>';
  const head = row('th', ['SLA', 'verdict', 'measured']);
  const body = results.map((r) =>
    row(
      'td',
      [
        `${r.selector} ${r.threshold}`,
        r.status === 'pass' ? 'PASS' : 'FAIL',
        formatSlaAnnotation(r),
      ],
      r.status === 'pass' ? 'pass' : 'fail',
    ),
  );
  return `<table class="sla">${head}${body.join('')}</table>`;
}

function baselineHtml(c: BaselineComparison): string {
  const lines = c.rows.filter((r) => r.status !== 'not-applicable').map(formatBaselineRow);
  if (c.problem !== null) lines.unshift(c.problem);
  return (
    `<p class="${c.status}">Baseline ${escapeHtml(c.baselinePath)} (tolerance ${escapeHtml(formatTolerance(c.tolerance))}): ` +
    `${c.status === 'pass' ? 'PASS' : 'FAIL'}</p><pre>${escapeHtml(lines.join('\n'))}</pre>`
  );
}

function configHtml(config: PublicSuiteConfig | null): string {
  if (config === null) return '';
  return `<details><summary>Run configuration (secrets shown only as set/unset)</summary><pre>${escapeHtml(JSON.stringify(config, null, 2))}</pre></details>`;
}

function row(cell: 'th' | 'td', cells: readonly string[], cls?: string): string {
  const attr = cls === undefined ? '' : ` class="${escapeHtml(cls)}"`;
  return `<tr${attr}>${cells.map((c) => `<${cell}>${escapeHtml(c)}</${cell}>`).join('')}</tr>`;
}

const PAGE_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ccc; }
.meta { color: #555; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
table.sla th, table.sla td { text-align: left; }
tr.fail td, p.fail { color: #b00020; } tr.pass td:nth-child(2), p.pass { color: #1b5e20; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure.chart { margin: 0; width: 580px; }
figure.empty { border: 1px dashed #ccc; padding: 8px; height: 120px; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; font-size: 12px; }
`;

// Runs in the page: draws every chart of the JSON data with uPlot. Plain ES2015, no imports.
const PAGE_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var fromZero = function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; };
  var drawn = 0;
  data.charts.forEach(function (chart) {
    var el = document.getElementById(chart.id);
    if (!el || chart.empty) return;
    var bars = chart.kind === 'bars';
    var half = chart.x.length > 1 ? (chart.x[1] - chart.x[0]) / 2 : 1;
    var series = [{ label: chart.xLabel }];
    chart.series.forEach(function (s) {
      var opts = { label: s.label, stroke: s.color, width: 2, scale: s.scale, spanGaps: true,
        points: { show: !bars && chart.x.length < 3 } };
      if (s.dash) opts.dash = s.dash;
      if (bars) { opts.fill = s.color; opts.paths = uPlot.paths.bars({ size: [0.9, 64] }); }
      series.push(opts);
    });
    var scales = { x: { time: false }, y: { range: fromZero } };
    if (bars) scales.x.range = function (u, min, max) { return [min - half, max + half]; };
    var axes = [{ label: chart.xLabel }, { label: chart.yLabel, scale: 'y' }];
    if (chart.y2Label) {
      scales.y2 = { range: fromZero };
      axes.push({ label: chart.y2Label, scale: 'y2', side: 1, grid: { show: false } });
    }
    var columns = [chart.x].concat(chart.series.map(function (s) { return s.values; }));
    new uPlot({ title: chart.title, width: 560, height: 280, scales: scales, axes: axes,
      series: series, legend: { live: false } }, columns, el);
    drawn += 1;
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
`;
