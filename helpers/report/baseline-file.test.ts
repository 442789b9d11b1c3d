import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBaselineCli } from './baseline-cli.js';
import { BaselineError, readBaselineFile, saveBaseline } from './baseline-file.js';
import { buildSummaryExport } from './k6-summary-export.js';
import { collectRunResults } from './run-results.js';
import { summarizeRun } from './scenario-summary.js';
import { syntheticPart, syntheticStore } from './testing/synthetic-part.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-baseline-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeSummary(name: string, interrupted = false): string {
  const results = collectRunResults([syntheticPart()], {
    config: null,
    interrupted,
    store: syntheticStore(),
  });
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(buildSummaryExport(results, summarizeRun(results))));
  return path;
}

function errorOf(run: () => unknown): BaselineError {
  try {
    run();
  } catch (error) {
    if (error instanceof BaselineError) return error;
    throw error;
  }
  throw new Error('expected a BaselineError');
}

describe('readBaselineFile', () => {
  it('names the path, the problem and the fix when the file is missing', () => {
    const error = errorOf(() => readBaselineFile('no/such/baseline.json'));
    expect(error.code).toBe('baseline-missing');
    expect(error.message).toMatch(
      /^BASELINE=no\/such\/baseline\.json: no such file \(looked for .*no\/such\/baseline\.json\); save one after a run with "npm run baseline -- save <path>", or unset BASELINE\.$/,
    );
  });

  it('says when the file is not JSON', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{ "metrics": ');
    const error = errorOf(() => readBaselineFile(path));
    expect(error.code).toBe('baseline-bad-json');
    expect(error.message).toContain(`BASELINE=${path}: not valid JSON`);
  });

  it('says which value is wrong when the file is JSON but not a summary', () => {
    const path = join(dir, 'shape.json');
    writeFileSync(path, JSON.stringify({ metrics: { llm_ttft_ms: { 'p(95)': 'fast' } } }));
    const error = errorOf(() => readBaselineFile(path));
    expect(error.code).toBe('baseline-bad-shape');
    expect(error.message).toContain('metrics["llm_ttft_ms"]["p(95)"] is "fast", not a number');
    writeFileSync(path, '[]');
    expect(errorOf(() => readBaselineFile(path)).message).toContain('has no "metrics" object');
  });

  it('reads a summary.json as a baseline', () => {
    const baseline = readBaselineFile(writeSummary('summary.json'));
    expect(
      baseline.metrics['llm_ttft_ms{scenario:chat_stream,prompt:short,outcome:ok}'],
    ).toMatchObject({ count: 54 });
    expect(baseline.savedAt).toBeNull();
  });
});

describe('saveBaseline', () => {
  it('copies the summary and records when and from where it was saved', () => {
    const from = writeSummary('summary.json');
    const to = join(dir, 'nested', 'baseline.json');
    saveBaseline({ from, to, nowEpochMs: Date.UTC(2026, 0, 1) });
    const saved = JSON.parse(readFileSync(to, 'utf8'));
    expect(saved.baseline).toEqual({ savedAt: '2026-01-01T00:00:00.000Z', from });
    expect(saved.metrics).toEqual(JSON.parse(readFileSync(from, 'utf8')).metrics);
    expect(readBaselineFile(to).savedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses the summary of an interrupted run unless forced', () => {
    const from = writeSummary('summary.json', true);
    const to = join(dir, 'baseline.json');
    expect(errorOf(() => saveBaseline({ from, to })).code).toBe('baseline-interrupted-run');
    expect(saveBaseline({ from, to, force: true }).interrupted).toBe(true);
  });
});

describe('npm run baseline', () => {
  it('saves RESULTS_DIR/summary.json to the given path and prints how to use it', () => {
    writeSummary('summary.json');
    const out: string[] = [];
    const code = runBaselineCli(
      ['save', join(dir, 'b.json')],
      { RESULTS_DIR: dir },
      (l) => out.push(l),
      (l) => out.push(l),
    );
    expect(code).toBe(0);
    expect(out).toEqual([
      `Saved ${join(dir, 'summary.json')} as baseline ${join(dir, 'b.json')}. Compare later runs with BASELINE=${join(dir, 'b.json')}.`,
    ]);
  });

  it('exits 1 with the reason when there is no summary to save', () => {
    const err: string[] = [];
    const code = runBaselineCli(
      ['save', join(dir, 'b.json')],
      { RESULTS_DIR: dir },
      () => {},
      (l) => err.push(l),
    );
    expect(code).toBe(1);
    expect(err[0]).toMatch(/^summary=.*summary\.json: no such file/);
  });

  it('shows the compared figures of each scenario x prompt', () => {
    const from = writeSummary('summary.json');
    const out: string[] = [];
    expect(
      runBaselineCli(
        ['show', from],
        {},
        (l) => out.push(l),
        () => {},
      ),
    ).toBe(0);
    expect(out[1]).toMatch(
      /^ {2}chat_stream\/short: p\(95\) llm_ttft_ms \d+ ms, p\(95\) llm_total_ms \d+ ms, .*med llm_tokens_per_sec [\d.]+ tokens\/s$/,
    );
  });

  it('prints the usage for an unknown command', () => {
    const err: string[] = [];
    expect(
      runBaselineCli(
        ['compare'],
        {},
        () => {},
        (l) => err.push(l),
      ),
    ).toBe(2);
    expect(err[0]).toContain('npm run baseline -- save [path]');
  });
});
