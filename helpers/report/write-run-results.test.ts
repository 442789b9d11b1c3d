import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSuiteConfig } from '../config/suite-config.js';
import { checkSla } from '../sla/check-sla.js';
import { formatRunSummary } from './format-run-summary.js';
import { collectRunResults } from './run-results.js';
import { syntheticPart, syntheticStore } from './testing/synthetic-part.js';
import { writeRunResults } from './write-run-results.js';

const SECRET = 'sk-test-SECRET';
const ASSETS = { js: 'window.uPlot = function () {};', css: '' };
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function configWithSecret() {
  const read = readSuiteConfig({
    API_KEY: SECRET,
    LOADTEST_TOKEN: 'token-SECRET-2',
    RESULTS_DIR: dir,
  });
  if (!read.ok) throw new Error('config rejected');
  return read.config;
}

describe('writeRunResults', () => {
  it('writes summary.json, samples.ndjson, requests.jsonl and report.html into RESULTS_DIR', () => {
    const results = collectRunResults([syntheticPart()], { config: null, store: syntheticStore() });
    const written = writeRunResults(results, { resultsDir: dir, secrets: [], assets: ASSETS });
    expect(written.files).toEqual(
      ['summary.json', 'samples.ndjson', 'requests.jsonl', 'report.html'].map((f) => join(dir, f)),
    );
    expect(written.problems).toEqual([]);
    const lines = readFileSync(join(dir, 'samples.ndjson'), 'utf8').trim().split('\n');
    // One Point line per exact point and a Metric line per metric; llm_itl_ms (a histogram)
    // has none.
    const series = [...results.store.series()];
    const exactPoints = series.reduce((n, s) => n + s.values.length, 0);
    const metrics = new Set(series.map((s) => s.metric)).size;
    expect(lines).toHaveLength(exactPoints + metrics);
    expect(lines.some((line) => line.includes('"llm_itl_ms"'))).toBe(false);
  });

  it('leaves the value of API_KEY and LOADTEST_TOKEN in none of the outputs', () => {
    // The secret even sits in a tag and an SLA message here; it must still not come out.
    const part = syntheticPart({ model: `model-${SECRET}` });
    const store = syntheticStore({ model: `model-${SECRET}` });
    const sla = checkSla(store, 'llm_ttft_ms{scenario:chat_stream,prompt:short}', 'p(95)<1000');
    part.slaResults = [{ ...sla, message: `${sla.message} (key ${SECRET})` }];
    const results = collectRunResults([part], { config: configWithSecret(), store });
    const secrets = [SECRET, 'token-SECRET-2'];
    const written = writeRunResults(results, { resultsDir: dir, secrets, assets: ASSETS });
    const text = formatRunSummary({
      scenarios: written.summaries,
      durationMs: 1,
      interrupted: false,
    });
    for (const output of [
      readFileSync(join(dir, 'summary.json'), 'utf8'),
      readFileSync(join(dir, 'samples.ndjson'), 'utf8'),
      readFileSync(join(dir, 'report.html'), 'utf8'),
      text,
    ]) {
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain('token-SECRET-2');
    }
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.suite.config.target).toMatchObject({ apiKey: 'set', loadTestToken: 'set' });
  });

  it('still writes the other files when one cannot be written', () => {
    const results = collectRunResults([syntheticPart()], { config: null, store: syntheticStore() });
    const broken = {
      js: 'x',
      get css(): string {
        throw new Error('uPlot CSS unreadable');
      },
    };
    const written = writeRunResults(results, { resultsDir: dir, secrets: [], assets: broken });
    expect(written.files).toEqual(
      ['summary.json', 'samples.ndjson', 'requests.jsonl'].map((f) => join(dir, f)),
    );
    expect(written.problems).toEqual([
      `${join(dir, 'report.html')} was not written: uPlot CSS unreadable`,
    ]);
  });
});
