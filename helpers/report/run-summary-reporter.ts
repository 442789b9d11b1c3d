import { writeSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import { readCapacityResults } from '../capacity/capacity-file.js';
import { formatRunSummary } from './format-run-summary.js';
import { readRunSamples } from './read-run-samples.js';
import { readScenarioParts, readScenarioProgress } from './read-scenario-parts.js';
import { type ReportSettings, reportSettings } from './report-settings.js';
import { collectRunResults, runDurationMs } from './run-results.js';
import { unsavedPartProblems } from './unsaved-parts.js';
import type { UplotAssets } from './uplot-assets.js';
import { writeRunResults } from './write-run-results.js';

/** Options of `RunSummaryReporter`. */
export interface RunSummaryReporterOptions {
  /** Settings (results folder, secrets, config); read from `.env` and the environment by default. */
  settings?: () => ReportSettings;
  /** Where the summary text goes; default stdout (the Vitest logger, or fd 1 after a signal). */
  write?: (text: string) => void;
  /** Longest wait for the workers to save their samples after Ctrl-C, ms; default 10 000. */
  interruptWaitMs?: number;
  /** uPlot's files (tests); read from node_modules by default. */
  assets?: UplotAssets;
}

/** Default of `RunSummaryReporterOptions.interruptWaitMs`. */
export const DEFAULT_INTERRUPT_WAIT_MS = 10_000;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Vitest reporter: at the end of the run it reads the scenario parts the load workers left in
 * RESULTS_DIR/.parts, writes summary.json, samples.ndjson and report.html, and prints the
 * end-of-run summary. Runs without load scenarios (no parts of this run) leave no trace.
 *
 * On SIGINT/SIGTERM, Vitest 4.1 calls no reporter hook: it exits 1 ms after the signal and
 * leaves its forked workers running. So this reporter also listens for the signals: it forwards
 * SIGINT to every running load worker (the pid is in its progress file), waits synchronously
 * until they have saved their samples (state `interrupted`), then writes everything before
 * Vitest's exit.
 */
export class RunSummaryReporter implements Reporter {
  private vitest: Vitest | null = null;
  private runStartEpochMs = Number.POSITIVE_INFINITY;
  private running = false;
  private readonly options: RunSummaryReporterOptions;
  private readonly onSignal = (signal: NodeJS.Signals): void => this.interrupt(signal);

  constructor(options: RunSummaryReporterOptions = {}) {
    this.options = options;
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    for (const signal of SIGNALS) process.on(signal, this.onSignal);
    vitest.onClose(() => {
      for (const signal of SIGNALS) process.off(signal, this.onSignal);
    });
  }

  onTestRunStart(): void {
    this.runStartEpochMs = Date.now();
    this.running = true;
  }

  onTestRunEnd(modules: readonly TestModule[], _errors: unknown, reason: TestRunEndReason): void {
    if (!this.running) return;
    this.running = false;
    this.finish(reason === 'interrupted', (text) => this.log(text), skippedCapacity(modules));
  }

  /** Forwards the signal to the load workers, waits for their samples, writes the results. */
  private interrupt(signal: NodeJS.Signals): void {
    if (!this.running) return;
    this.running = false;
    const settings = this.settings();
    const since = { sinceEpochMs: this.runStartEpochMs };
    // A worker killed hard never leaves 'running': waiting for it would only lose time.
    const running = () =>
      readScenarioProgress(settings.resultsDir, since).items.filter(
        (p) => p.state === 'running' && isAlive(p.pid),
      );
    // No load scenario started in this run: nothing to save, Vitest's exit is all there is.
    if (readScenarioProgress(settings.resultsDir, since).items.length === 0) return;
    const write = this.options.write ?? ((text: string) => writeSync(1, text));
    write(`\n${signal} received: writing the results gathered so far.\n`);
    for (const worker of running()) {
      if (worker.pid === process.pid) continue;
      try {
        // A terminal's Ctrl-C reached the workers already; `kill -INT <vitest pid>` did not.
        process.kill(worker.pid, 'SIGINT');
      } catch {
        // The worker is gone: its last flush is what there is.
      }
    }
    const deadline = Date.now() + (this.options.interruptWaitMs ?? DEFAULT_INTERRUPT_WAIT_MS);
    const pause = new Int32Array(new SharedArrayBuffer(4));
    // Synchronous on purpose: Vitest exits on the next timer tick after this handler.
    while (running().length > 0 && Date.now() < deadline) Atomics.wait(pause, 0, 0, 100);
    this.finish(true, write);
  }

  private finish(
    interrupted: boolean,
    write: (text: string) => void,
    skippedCapacityNote: string | null = null,
  ): void {
    const settings = this.settings();
    const read = readScenarioParts(settings.resultsDir, { sinceEpochMs: this.runStartEpochMs });
    const capacity = readCapacityResults(settings.resultsDir, this.runStartEpochMs);
    // No part of this run: no load scenario ran (e.g. --project helpers). Nothing to say,
    // unless the capacity specs were skipped: then why.
    if (read.items.length === 0 && capacity.items.length === 0) {
      if (skippedCapacityNote !== null) write(`${skippedCapacityNote}\n`);
      return;
    }
    const samples = readRunSamples(settings.resultsDir, read.items);
    const endedEpochMs = Date.now();
    const results = collectRunResults(read.items, {
      store: samples.store,
      config: settings.config,
      interrupted,
      endedEpochMs,
      capacity: capacity.items,
    });
    const unsaved = unsavedPartProblems(
      read.items,
      readScenarioProgress(settings.resultsDir, { sinceEpochMs: this.runStartEpochMs }).items,
      { endedEpochMs },
    );
    const written = writeRunResults(results, {
      resultsDir: settings.resultsDir,
      secrets: settings.secrets,
      ...(this.options.assets ? { assets: this.options.assets } : {}),
    });
    const root = this.vitest?.config.root ?? process.cwd();
    write(
      formatRunSummary({
        scenarios: written.summaries,
        durationMs: runDurationMs(results),
        interrupted: results.interrupted,
        files: written.files.map((file) => shownPath(root, file)),
        problems: [
          ...read.problems,
          ...samples.problems,
          ...results.problems,
          ...unsaved,
          ...capacity.problems,
          ...written.problems,
        ],
        capacity: results.capacity,
        ...(skippedCapacityNote === null ? {} : { skippedCapacityNote }),
      }),
    );
  }

  private settings(): ReportSettings {
    return (this.options.settings ?? (() => reportSettings()))();
  }

  private log(text: string): void {
    if (this.options.write) this.options.write(text);
    else if (this.vitest) this.vitest.logger.log(text.replace(/\n$/, ''));
    else process.stdout.write(text);
  }
}

/** True when a process with this pid exists (signal 0 checks without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `4 capacity specs skipped: <reason>` when the capacity project's tests were skipped with a note. */
function skippedCapacity(modules: readonly TestModule[]): string | null {
  const notes = new Set<string>();
  let skipped = 0;
  for (const module of modules) {
    if (module.project.name !== 'capacity') continue;
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state !== 'skipped' || result.note === undefined) continue;
      skipped += 1;
      notes.add(result.note);
    }
  }
  if (skipped === 0) return null;
  return `${skipped} capacity spec${skipped === 1 ? '' : 's'} skipped: ${[...notes].join('; ')}`;
}

/** `results/summary.json` inside the project, the absolute path outside it. */
function shownPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
