import { describe, expect, it } from 'vitest';
import { formatSlaAnnotation } from '../scenario/format-sla-annotation.js';
import { checkSla } from '../sla/check-sla.js';
import { formatRunSummary } from './format-run-summary.js';
import { htmlReportInput, renderHtmlReport } from './render-html-report.js';
import { collectRunResults } from './run-results.js';
import { summarizeRun } from './scenario-summary.js';
import { syntheticPart, syntheticStore } from './testing/synthetic-part.js';

const ASSETS = { js: '', css: '' };

describe('one value, one rounding', () => {
  it('shows an SLA value the same in its failure message, JUnit line, summary and report.html', () => {
    const options = { requests: 40, failEvery: 0 } as const;
    const store = syntheticStore(options);
    const part = syntheticPart(options);
    // The mean of the synthetic totals has decimals (over 100 ms: shown without any).
    const sla = checkSla(store, 'llm_total_ms{scenario:chat_stream,prompt:short}', 'avg<900');
    expect(sla.status).toBe('fail');
    const measured = sla.measured as number;
    expect(Number.isInteger(measured)).toBe(false);
    const shown = `${Math.round(measured)} ms`;
    part.slaResults = [sla];
    const results = collectRunResults([part], { config: null, store });
    const summaries = summarizeRun(results);

    expect(sla.message).toContain(`avg = ${shown} (must be < 900)`);
    expect(formatSlaAnnotation(sla)).toContain(`= ${shown} (limit avg<900`);
    expect(
      formatRunSummary({ scenarios: summaries, durationMs: 30_000, interrupted: false }),
    ).toContain(`= ${shown} (limit avg<900`);
    expect(renderHtmlReport(htmlReportInput(results, summaries), ASSETS)).toContain(
      `= ${shown} (limit avg&lt;900`,
    );
    const precise = String(Number(measured.toPrecision(6)));
    expect(precise).not.toBe(String(Math.round(measured)));
    for (const text of [sla.message, formatSlaAnnotation(sla)]) {
      expect(text).not.toContain(precise);
    }
  });
});
