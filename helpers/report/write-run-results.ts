import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportRequests, requestsFileName } from '../samples-file/requests-file.js';
import { PARTS_DIR_NAME } from '../scenario/scenario-part.js';
import type { ChartOptions } from './chart-data.js';
import { writeSamplesNdjson } from './k6-ndjson.js';
import { buildSummaryExport, type K6SummaryExport } from './k6-summary-export.js';
import { redactValues } from './redact-values.js';
import { htmlReportInput, renderHtmlReport } from './render-html-report.js';
import type { RunResults } from './run-results.js';
import { type ScenarioSummary, summarizeRun } from './scenario-summary.js';
import { FileTextSink } from './text-sink.js';
import { readUplotAssets, type UplotAssets } from './uplot-assets.js';

/** File names of the result files in RESULTS_DIR. */
export const RESULT_FILES = {
  summary: 'summary.json',
  samples: 'samples.ndjson',
  html: 'report.html',
  requests: 'requests.jsonl',
  requestsCsv: 'requests.csv',
} as const;

/** Options of `writeRunResults`. */
export interface WriteRunResultsOptions {
  /** RESULTS_DIR; created when missing. */
  resultsDir: string;
  /** Secret values (API_KEY, LOADTEST_TOKEN) to redact from every output. */
  secrets: readonly string[];
  /** uPlot's files; read from node_modules/uplot when not given. */
  assets?: UplotAssets;
  chartOptions?: ChartOptions;
}

/** What was written, and what went wrong. */
export interface WrittenRunResults {
  summaries: ScenarioSummary[];
  summary: K6SummaryExport;
  /** Paths of the files written, in order summary, samples, html (those that succeeded). */
  files: string[];
  /** One sentence per file that could not be written. */
  problems: string[];
}

/**
 * Writes summary.json, samples.ndjson, requests.jsonl (with requests.csv) and report.html into
 * RESULTS_DIR, synchronously (so it also runs inside a SIGINT handler). One failing file does
 * not stop the others.
 */
export function writeRunResults(
  results: RunResults,
  options: WriteRunResultsOptions,
): WrittenRunResults {
  const { resultsDir, secrets } = options;
  mkdirSync(resultsDir, { recursive: true });
  const summaries = redactValues(summarizeRun(results), secrets);
  const summary = redactValues(buildSummaryExport(results, summaries), secrets);
  const files: string[] = [];
  const problems: string[] = [];
  const attempt = (name: string, write: (path: string) => void): void => {
    const path = join(resultsDir, name);
    try {
      write(path);
      files.push(path);
    } catch (error) {
      problems.push(`${path} was not written: ${(error as Error).message}`);
    }
  };

  attempt(RESULT_FILES.summary, (path) => {
    writeAtomically(path, `${JSON.stringify(summary, null, 2)}\n`);
  });
  attempt(RESULT_FILES.samples, (path) => {
    const sink = new FileTextSink(`${path}.tmp`);
    try {
      writeSamplesNdjson(results.store, sink, {
        slaResults: results.parts.flatMap((p) => p.slaResults),
        secrets,
      });
    } finally {
      sink.close();
    }
    renameSync(`${path}.tmp`, path);
  });
  attempt(RESULT_FILES.requests, (path) => {
    // The workers' own files, concatenated in part order and streamed (a million lines fit).
    const partFiles = results.parts
      .filter((p) => p.samplesFile != null)
      .map((p) => join(resultsDir, PARTS_DIR_NAME, requestsFileName(p.scenario, p.prompt)));
    const csvPath = join(resultsDir, RESULT_FILES.requestsCsv);
    const jsonl = new FileTextSink(`${path}.tmp`);
    const csv = new FileTextSink(`${csvPath}.tmp`);
    try {
      exportRequests(partFiles, jsonl, csv);
    } finally {
      jsonl.close();
      csv.close();
    }
    renameSync(`${path}.tmp`, path);
    renameSync(`${csvPath}.tmp`, csvPath);
  });
  attempt(RESULT_FILES.html, (path) => {
    const input = redactValues(htmlReportInput(results, summaries, options.chartOptions), secrets);
    writeAtomically(path, renderHtmlReport(input, options.assets ?? readUplotAssets()));
  });
  return { summaries, summary, files, problems };
}

function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
