import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeScenarioPart } from '../scenario/scenario-part.js';
import { RunSummaryReporter } from './run-summary-reporter.js';
import { syntheticPart, writeSyntheticPart } from './testing/synthetic-part.js';

const ASSETS = { js: 'window.uPlot = function () {};', css: '' };
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-reporter-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function reporter(out: string[]): RunSummaryReporter {
  return new RunSummaryReporter({
    settings: () => ({ resultsDir: dir, secrets: [], config: null }),
    write: (text) => out.push(text),
    assets: ASSETS,
  });
}

describe('RunSummaryReporter', () => {
  it("writes the result files and prints the summary from this run's parts", () => {
    const out: string[] = [];
    const r = reporter(out);
    r.onTestRunStart();
    writeSyntheticPart(dir, { startedEpochMs: Date.now() });
    r.onTestRunEnd([], [], 'failed');
    for (const file of ['summary.json', 'samples.ndjson', 'report.html']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('LLM load summary: 1 scenario');
    expect(out[0]).toMatch(/chat_stream\/short {2}done {2,}60 {2}54 {2,}6 {2,}4 /);
  });

  it('stays silent and writes nothing when no load scenario ran in this run', () => {
    writeScenarioPart(dir, syntheticPart({ startedEpochMs: Date.now() - 60_000 }));
    const out: string[] = [];
    const r = reporter(out);
    r.onTestRunStart();
    r.onTestRunEnd([], [], 'passed');
    expect(out).toEqual([]);
    expect(existsSync(join(dir, 'summary.json'))).toBe(false);
  });

  it('shows a worker that died while running as interrupted, with the requests of its last flush', () => {
    const out: string[] = [];
    const r = reporter(out);
    r.onTestRunStart();
    // What a worker killed hard leaves: its part still says running, its samples file has
    // no end record.
    writeSyntheticPart(dir, { startedEpochMs: Date.now(), state: 'running', requests: 30 });
    r.onTestRunEnd([], [], 'failed');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.suite.interrupted).toBe(true);
    expect(summary.suite.scenarios[0]).toMatchObject({ state: 'interrupted', requests: 30 });
    expect(out[0]).toContain('INTERRUPTED');
    expect(out[0]).toMatch(/chat_stream\/short {2}interrupted {2,}30 /);
    expect(out[0]).toContain(
      'chat_stream/short: its worker stopped without finishing (killed, or it did not save in time)',
    );
  });

  it('marks the results interrupted when Vitest ends the run as interrupted', () => {
    const r = reporter([]);
    r.onTestRunStart();
    writeScenarioPart(dir, syntheticPart({ startedEpochMs: Date.now() }));
    r.onTestRunEnd([], [], 'interrupted');
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).suite.interrupted).toBe(
      true,
    );
  });
});
