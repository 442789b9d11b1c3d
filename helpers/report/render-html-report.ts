import type { CapacityResult } from '../capacity/capacity-result.js';
import { formatCapacityLine, formatCapacityTable } from '../capacity/format-capacity.js';
import { maskUrl } from '../config/mask-url.js';
import type { ArrivalSchedule } from '../load/arrival-schedule.js';
import type { TagValues } from '../metrics/metric-store.js';
import { formatSlaAnnotation } from '../scenario/format-sla-annotation.js';
import { isStreamScenario } from '../scenario/scenario-name.js';
import { formatServerErrors } from '../scenario/server-error-digest.js';
import type { SlaResult } from '../sla/check-sla.js';
import { capacityCharts } from './capacity-charts.js';
import { type ChartOptions, type ChartSpec, scenarioCharts } from './chart-data.js';
import type { BaselineComparison } from './compare-baseline.js';
import { type Distribution, distributionOf } from './distribution.js';
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

/** What one scenario x prompt sent, and to which server: the top of the page. */
export interface HtmlWorkloadRow {
  /** `scenario/prompt`. */
  label: string;
  model: string;
  /** BASE or the simulator's URL, masked again (no userinfo, query or fragment). */
  baseUrl: string;
  simulated: boolean;
  stream: boolean;
  /** What each request sends: the prompt fixture, or the WORKLOAD (kind, source, items). */
  sends: string;
  /** The arrival schedule in words: `start 1/s; 30.0 s to 4/s; 60.0 s at 4/s`. */
  schedule: string;
  arrivalPattern: 'even' | 'poisson';
  maxVus: number;
  /** `llm_input_tokens` of successful requests (usage.prompt_tokens); null without usage. */
  promptTokens: Distribution | null;
  /** `llm_output_tokens` of successful requests. */
  outputTokens: Distribution | null;
  /** Requests by where their output token count came from. */
  tokenSources: Record<string, number> | null;
  skipped: boolean;
}

/** Everything `renderHtmlReport` puts on the page; plain data. */
export interface HtmlReportInput {
  /** Run start, RFC 3339. */
  startedAt: string;
  durationMs: number;
  interrupted: boolean;
  /** The server and the workload, one row per scenario x prompt. */
  workload: HtmlWorkloadRow[];
  sections: HtmlScenarioSection[];
  /** Run configuration without secret values. */
  config: PublicSuiteConfig | null;
  /** Capacity searches, each with its load-latency and throughput charts. */
  capacity?: { result: CapacityResult; charts: ChartSpec[] }[];
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
    capacity: results.capacity.map((result, i) => ({
      result,
      charts: capacityCharts(result, `capacity-${i}`),
    })),
    workload: results.parts.map((part) => {
      const ok: TagValues = { scenario: part.scenario, prompt: part.prompt, outcome: 'ok' };
      const tokens = (metric: string) =>
        distributionOf(results.store.select({ metric, tags: ok }).values);
      return {
        label: `${part.scenario}/${part.prompt}`,
        model: part.model,
        baseUrl: maskUrl(part.baseUrl).shown,
        simulated: part.simulated,
        stream: isStreamScenario(part.scenario),
        sends:
          part.workload === undefined
            ? `prompt fixture ${part.prompt}`
            : `WORKLOAD ${part.workload.kind} ${part.workload.source} (${part.workload.items} ` +
              `item${part.workload.items === 1 ? '' : 's'}, ${part.workload.turns} turn` +
              `${part.workload.turns === 1 ? '' : 's'}, seed ${part.workload.seed})`,
        schedule: describeSchedule(part.schedule),
        arrivalPattern: part.arrivalPattern,
        maxVus: part.maxVus,
        promptTokens: part.state === 'skipped' ? null : tokens('llm_input_tokens'),
        outputTokens: part.state === 'skipped' ? null : tokens('llm_output_tokens'),
        tokenSources: part.tokenSources ?? null,
        skipped: part.state === 'skipped',
      };
    }),
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
  const charts = [
    ...input.sections.flatMap((section) => section.charts),
    ...(input.capacity ?? []).flatMap((c) => c.charts),
  ];
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
    workloadHtml(input.workload),
    // A run of capacity specs only has no scenario to list.
    input.sections.length === 0 ? '' : overviewTable(input.sections.map((s) => s.summary)),
    ...input.sections.map(sectionHtml),
    ...(input.capacity ?? []).map((c) => capacityHtml(c.result, c.charts)),
    configHtml(input.config),
    `<script type="application/json" id="report-data">${jsonForScript({ charts })}</script>`,
    `<script>${scriptText(assets.js)}</script>`,
    `<script>${scriptText(PAGE_SCRIPT)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The arrival schedule in words: `start 1/s; 30.0 s to 4/s; 60.0 s at 4/s; 30.0 s to 0/s`. */
export function describeSchedule(schedule: ArrivalSchedule): string {
  const parts = [`start ${formatNumber(schedule.startRatePerSec)}/s`];
  let from = schedule.startRatePerSec;
  for (const stage of schedule.stages) {
    if (stage.durationMs === 0) continue;
    const verb = stage.targetRatePerSec === from ? 'at' : 'to';
    parts.push(
      `${formatSeconds(stage.durationMs)} ${verb} ${formatNumber(stage.targetRatePerSec)}/s`,
    );
    from = stage.targetRatePerSec;
  }
  return parts.join('; ');
}

/** Server(s) and workload: what was asked of which server, and the token lengths it got. */
function workloadHtml(rows: readonly HtmlWorkloadRow[]): string {
  if (rows.length === 0) return '';
  const servers = [
    ...new Set(
      rows.map(
        (r) => `${r.baseUrl}${r.simulated ? ' (embedded simulator)' : ''}, model ${r.model}`,
      ),
    ),
  ];
  const head = row('th', [
    'scenario/prompt',
    'mode',
    'sends',
    'arrival schedule',
    'arrivals',
    'MAX_VUS',
    'prompt tokens p50 / p90 / p99 / max (n)',
    'output tokens p50 / p90 / p99 / max (n)',
    'output token count from',
  ]);
  const body = rows.map((r) =>
    row('td', [
      r.label,
      r.stream ? 'stream' : 'non-stream',
      r.sends,
      r.schedule,
      r.arrivalPattern,
      String(r.maxVus),
      r.skipped ? 'skipped' : tokenCell(r.promptTokens, 'not reported (no usage)'),
      r.skipped ? 'skipped' : tokenCell(r.outputTokens, 'none'),
      r.tokenSources === null
        ? '-'
        : Object.entries(r.tokenSources)
            .map(([source, n]) => `${source} ${n}`)
            .join(', '),
    ]),
  );
  return (
    `<section class="workload"><h2>Server and workload</h2>` +
    `<p>${servers.map((s) => `Server: ${escapeHtml(s)}`).join('<br>')}</p>` +
    `<table class="workload">${head}${body.join('')}</table>` +
    '<p class="note">Token lengths of successful requests, as the server reported them ' +
    "(usage), else counted from the stream's events.</p></section>"
  );
}

function tokenCell(d: Distribution | null, none: string): string {
  if (d === null) return none;
  return `${[d.p50, d.p90, d.p99, d.max].map(formatNumber).join(' / ')} (n=${d.count})`;
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
    `<p class="goodput">${escapeHtml(goodputLine(s))}</p>`,
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
  for (const chart of section.charts) parts.push(chartHtml(chart));
  parts.push('</div></section>');
  return parts.join('\n');
}

function goodputLine(s: ScenarioSummary): string {
  const g = s.goodput;
  if (g.status === 'not-recorded') return `Goodput: not recorded (${g.reason}).`;
  return (
    `Goodput (${g.objectives}): ${g.good} of ${g.requests} requests ` +
    `(${formatNumber(g.share * 100)}%), ${formatNumber(g.perSec)} good requests/s.`
  );
}

function capacityHtml(result: CapacityResult, charts: readonly ChartSpec[]): string {
  const [, ...table] = formatCapacityTable(result);
  table.pop(); // the result line, shown above the table instead
  return [
    `<section class="capacity"><h2>${escapeHtml(`Capacity: ${result.scenario}/${result.prompt}`)}</h2>`,
    `<p class="${result.sustained === null ? 'fail' : 'pass'}">${escapeHtml(formatCapacityLine(result))}</p>`,
    `<p>SLAs searched: ${escapeHtml(result.slas.join('; '))}</p>`,
    `<pre>${escapeHtml(table.join('\n'))}</pre>`,
    '<div class="charts">',
    ...charts.map(chartHtml),
    '</div></section>',
  ].join('\n');
}

/** A chart's place (uPlot draws into the div) and its caption, with the limits it draws. */
function chartHtml(chart: ChartSpec): string {
  if (chart.empty !== null) {
    return `<figure class="chart empty"><figcaption>${escapeHtml(chart.title)}</figcaption><p>${escapeHtml(chart.empty)}</p></figure>`;
  }
  const limits =
    chart.limits.length === 0
      ? ''
      : ` Dashed line${chart.limits.length === 1 ? '' : 's'}: ${chart.limits.map((l) => l.label).join('; ')}.`;
  return (
    `<figure class="chart"><div id="${escapeHtml(chart.id)}" data-chart="${escapeHtml(chart.id)}"></div>` +
    `<figcaption>${escapeHtml(chart.caption + limits)}</figcaption></figure>`
  );
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
figure.chart figcaption { font-size: 12px; color: #555; margin-top: 4px; }
table.workload th, table.workload td { text-align: left; }
.note { font-size: 12px; color: #555; }
figure.empty { border: 1px dashed #ccc; padding: 8px; height: 120px; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; font-size: 12px; }
`;

// Runs in the page: draws every chart of the JSON data with uPlot. Plain ES2015, no imports.
const PAGE_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var drawn = 0;
  // Largest limit on a scale, so the scale stretches to show its line.
  var limitMax = function (chart, axis) {
    return chart.limits.reduce(function (m, l) { return l.axis === axis ? Math.max(m, l.value) : m; }, -Infinity);
  };
  var limitMin = function (chart, axis) {
    return chart.limits.reduce(function (m, l) { return l.axis === axis ? Math.min(m, l.value) : m; }, Infinity);
  };
  var fromZero = function (chart, axis) {
    return function (u, min, max) {
      var top = Math.max(max, limitMax(chart, axis));
      return [0, top > 0 ? top * 1.1 : 1];
    };
  };
  var drawLimits = function (chart) {
    return function (u) {
      var ctx = u.ctx;
      var px = window.devicePixelRatio || 1;
      chart.limits.forEach(function (l) {
        ctx.save();
        ctx.strokeStyle = l.color;
        ctx.fillStyle = l.color;
        ctx.lineWidth = 2 * px;
        ctx.setLineDash([8 * px, 4 * px]);
        ctx.font = (11 * px) + 'px sans-serif';
        // uPlot leaves its axis text settings on the context.
        ctx.textAlign = 'left';
        ctx.textBaseline = 'bottom';
        ctx.beginPath();
        if (l.axis === 'x') {
          var x = u.valToPos(l.value, 'x', true);
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          // Right of the line, or left of it when the text would leave the plot.
          var w = ctx.measureText(l.label).width;
          var right = u.bbox.left + u.bbox.width;
          ctx.fillText(l.label, x + 4 * px + w > right ? x - 4 * px - w : x + 4 * px, u.bbox.top + 12 * px);
        } else {
          var y = u.valToPos(l.value, l.axis, true);
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          ctx.fillText(l.label, u.bbox.left + 4 * px, y - 4 * px);
        }
        ctx.restore();
      });
    };
  };
  data.charts.forEach(function (chart) {
    var el = document.getElementById(chart.id);
    if (!el || chart.empty) return;
    var bars = chart.kind === 'bars';
    var half = chart.x.length > 1 ? (chart.x[1] - chart.x[0]) / 2 : 1;
    var series = [{ label: chart.xLabel }];
    chart.series.forEach(function (s) {
      var opts = { label: s.label, stroke: s.color, width: 2, scale: s.scale, spanGaps: true,
        points: { show: !bars && (chart.showPoints === true || chart.x.length < 3) } };
      if (s.dash) opts.dash = s.dash;
      if (bars) { opts.fill = s.color; opts.paths = uPlot.paths.bars({ size: [0.9, 64] }); }
      series.push(opts);
    });
    var scales = { x: { time: false }, y: { range: fromZero(chart, 'y') } };
    if (bars) scales.x.range = function (u, min, max) {
      return [Math.min(min, limitMin(chart, 'x')) - half, Math.max(max, limitMax(chart, 'x')) + half];
    };
    var axes = [{ label: chart.xLabel }, { label: chart.yLabel, scale: 'y' }];
    if (chart.y2Label) {
      scales.y2 = { range: fromZero(chart, 'y2') };
      axes.push({ label: chart.y2Label, scale: 'y2', side: 1, grid: { show: false } });
    }
    var columns = [chart.x].concat(chart.series.map(function (s) { return s.values; }));
    new uPlot({ title: chart.title, width: 560, height: 280, scales: scales, axes: axes,
      series: series, legend: { live: false }, hooks: { draw: [drawLimits(chart)] } }, columns, el);
    drawn += 1;
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
`;
