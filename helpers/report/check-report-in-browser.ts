import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Debian's Chromium (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless Chromium as root with no network (a fresh profile is added). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options of `checkReportInBrowser`. */
export interface BrowserCheckOptions {
  /** Chromium binary; default /usr/bin/chromium. */
  executablePath?: string;
  /** Full-page screenshot written here (PNG) when given. */
  screenshotPath?: string;
  /** Longest wait for the page and its charts, ms; default 30 000. */
  timeoutMs?: number;
}

/** Pixels of one series' colour on its chart's canvas. */
export interface SeriesPixels {
  label: string;
  color: string;
  /** Pixels within a small distance of the colour (anti-aliasing blurs edges). */
  pixels: number;
  /** Whether the series has any non-null value (a series without data cannot draw). */
  hasData: boolean;
}

/** What one chart drew. */
export interface ChartPixels {
  id: string;
  title: string;
  /** A canvas was found in the chart's element. */
  canvas: boolean;
  /** Pixels that are neither transparent nor white: axes, grid, text and series. */
  inkPixels: number;
  series: SeriesPixels[];
  /** Pixels of the colour of its limit lines (SLA thresholds, MAX_VUS); 0 when it has none. */
  limitPixels: number;
  /** How many limit lines the chart declares. */
  limits: number;
}

/** What the page did in the browser. */
export interface BrowserCheckResult {
  /** Charts the page data declares with something to draw. */
  charts: ChartPixels[];
  /** Value of `data-charts-drawn` on body: how many charts the page script drew. */
  chartsDrawn: number;
  /** Every URL the page requested other than the report file itself: must be empty. */
  requests: string[];
  /** Resources the Content-Security-Policy blocked (attempted requests): must be empty. */
  blocked: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

/** Whether the Chromium binary exists. */
export function chromiumAvailable(executablePath: string = CHROMIUM_PATH): boolean {
  return existsSync(executablePath);
}

/** Why the browser check cannot run here, with the fix; null when Chromium is there. */
export function chromiumMissingReason(executablePath: string = CHROMIUM_PATH): string | null {
  if (chromiumAvailable(executablePath)) return null;
  return (
    `Chromium is not installed at ${executablePath}: report.html was not checked in a browser ` +
    '(install it with: apt-get install -y chromium)'
  );
}

/** The lines `npm test` prints when it skips the browser check: hard to miss in a log. */
export function chromiumMissingWarning(reason: string): string {
  const rule = '!'.repeat(78);
  return [rule, `WARNING: browser check SKIPPED. ${reason}`, rule].join('\n');
}

/**
 * Opens report.html in headless Chromium (playwright-core, fresh profile, no network flags),
 * records every request, waits for the charts and counts, per chart, the canvas pixels of each
 * series' colour, so a chart that drew only axes is told apart from one that drew its data.
 */
export async function checkReportInBrowser(
  htmlPath: string,
  options: BrowserCheckOptions = {},
): Promise<BrowserCheckResult> {
  const { chromium } = await import('playwright-core');
  const timeout = options.timeoutMs ?? 30_000;
  const profile = mkdtempSync(join(tmpdir(), 'report-chromium-'));
  const pageUrl = pathToFileURL(resolve(htmlPath)).href;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 900 },
    timeout,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => {
      if (request.url() !== pageUrl) requests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    // esbuild-based runners (tsx) may wrap functions in __name(); give the page a no-op one.
    await page.addInitScript('globalThis.__name = globalThis.__name || ((fn) => fn);');
    await page.addInitScript(() => {
      const w = window as unknown as { __blocked: string[] };
      w.__blocked = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        w.__blocked.push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await page.goto(pageUrl, { waitUntil: 'load', timeout });
    await page.waitForSelector('body[data-charts-drawn]', { timeout });
    const measured = await page.evaluate(measureCharts);
    if (options.screenshotPath) {
      await page.screenshot({ path: options.screenshotPath, fullPage: true });
    }
    return { ...measured, requests, errors };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Runs in the page: reads the chart data and counts pixels on each chart's canvas. */
function measureCharts(): Omit<BrowserCheckResult, 'requests' | 'errors'> {
  type Spec = {
    id: string;
    title: string;
    empty: string | null;
    series: { label: string; color: string; values: (number | null)[] }[];
    limits?: { color: string }[];
  };
  const data = JSON.parse(document.getElementById('report-data')?.textContent ?? '{}') as {
    charts?: Spec[];
  };
  const near = 48;
  const charts = (data.charts ?? [])
    .filter((chart) => chart.empty === null)
    .map((chart) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[id="${chart.id}"] canvas`);
      const limits = chart.limits ?? [];
      // Series colours, then the limits' colour (all limits share one) as the last entry.
      const colors = chart.series
        .map((s) => s.color)
        .concat(limits.slice(0, 1).map((l) => l.color));
      const rgb = colors.map((color) =>
        [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16)),
      );
      const counts = colors.map(() => 0);
      let ink = 0;
      const pixels = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (pixels) {
        for (let p = 0; p < pixels.length; p += 4) {
          const [r, g, b, a] = [
            pixels[p] ?? 0,
            pixels[p + 1] ?? 0,
            pixels[p + 2] ?? 0,
            pixels[p + 3] ?? 0,
          ];
          if (a < 200) continue;
          if (r < 250 || g < 250 || b < 250) ink += 1;
          rgb.forEach((c, i) => {
            if (
              Math.abs(r - (c[0] ?? 0)) <= near &&
              Math.abs(g - (c[1] ?? 0)) <= near &&
              Math.abs(b - (c[2] ?? 0)) <= near
            ) {
              counts[i] = (counts[i] ?? 0) + 1;
            }
          });
        }
      }
      return {
        id: chart.id,
        title: chart.title,
        canvas: canvas !== null,
        inkPixels: ink,
        series: chart.series.map((s, i) => ({
          label: s.label,
          color: s.color,
          pixels: counts[i] ?? 0,
          hasData: s.values.some((v) => v !== null),
        })),
        limitPixels: limits.length === 0 ? 0 : (counts[chart.series.length] ?? 0),
        limits: limits.length,
      };
    });
  const blocked = (window as unknown as { __blocked?: string[] }).__blocked ?? [];
  return {
    charts,
    chartsDrawn: Number(document.body.getAttribute('data-charts-drawn') ?? '0'),
    blocked,
  };
}
