import type { Reporter, Vitest } from 'vitest/node';
import { createSecretRedactor, type Redactor } from '../client/secret-redactor.js';
import type { ScenarioProgressFile } from '../scenario/scenario-part.js';
import { formatProgressLine } from './format-progress-line.js';
import { readScenarioProgress } from './read-scenario-parts.js';
import { reportSettings } from './report-settings.js';

/** Options of `LiveProgressReporter`. */
export interface LiveProgressReporterOptions {
  /** RESULTS_DIR; read from `.env` and the environment by default. */
  resultsDir?: string;
  /** API_KEY and LOADTEST_TOKEN values, redacted from every line; read like `resultsDir`. */
  secrets?: readonly string[];
  /** How often the progress files are read, ms; default 1000. */
  pollMs?: number;
  /** When output is not a terminal: how often the plain lines are printed, ms; default 5000. */
  plainEveryMs?: number;
  /** A scenario shows progress once it has run this long, ms; default 3000. */
  minElapsedMs?: number;
  /** Force terminal (in-place) or plain output; default: whether stdout is a TTY. */
  tty?: boolean;
  /** Where plain lines go (tests); default the Vitest logger. */
  write?: (line: string) => void;
}

/** Vitest's summary window, found at run time (an internal of the default reporter). */
interface WindowOptions {
  getWindow: () => string[];
}

/**
 * Vitest reporter: shows per running load scenario the elapsed and total time, requests sent,
 * done, in flight, failed, dropped and a recent p95 TTFT (p95 total for non-stream), read about once a second from the
 * workers' progress files. On a terminal the lines are rewritten in place (inside Vitest's
 * live summary window when the default reporter draws one, else one line with `\r`); when
 * output is not a terminal, plain lines every few seconds.
 */
export class LiveProgressReporter implements Reporter {
  private vitest: Vitest | null = null;
  private timer: NodeJS.Timeout | undefined;
  private runStartEpochMs = 0;
  private lastPlainEpochMs = 0;
  private lines: string[] = [];
  private resultsDir = '';
  private redact: Redactor = (text) => text;
  private window: { options: WindowOptions; original: () => string[] } | null = null;
  private inlineShown = false;
  private readonly options: LiveProgressReporterOptions;

  constructor(options: LiveProgressReporterOptions = {}) {
    this.options = options;
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunStart(): void {
    this.runStartEpochMs = Date.now();
    this.lastPlainEpochMs = this.runStartEpochMs;
    this.lines = [];
    const settings =
      this.options.resultsDir === undefined || this.options.secrets === undefined
        ? reportSettings()
        : null;
    this.resultsDir = this.options.resultsDir ?? settings?.resultsDir ?? '';
    this.redact = createSecretRedactor(this.options.secrets ?? settings?.secrets ?? []);
    if (this.isTty()) this.hookWindow();
    this.timer = setInterval(() => this.poll(), this.options.pollMs ?? 1000);
    this.timer.unref();
  }

  onTestRunEnd(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.lines = [];
    this.clearInline();
    if (this.window) this.window.options.getWindow = this.window.original;
    this.window = null;
  }

  /** Reads the progress files and shows the lines of the running scenarios. */
  poll(): void {
    const minElapsedMs = this.options.minElapsedMs ?? 3000;
    const running = readScenarioProgress(this.resultsDir, {
      sinceEpochMs: this.runStartEpochMs,
    }).items.filter(
      (f: ScenarioProgressFile) =>
        f.state === 'running' && f.progress !== null && f.progress.elapsedMs >= minElapsedMs,
    );
    this.lines = running.map((file) => this.redact(formatProgressLine(file)));
    if (!this.isTty()) {
      const now = Date.now();
      if (
        this.lines.length === 0 ||
        now - this.lastPlainEpochMs < (this.options.plainEveryMs ?? 5000)
      ) {
        return;
      }
      this.lastPlainEpochMs = now;
      for (const line of this.lines) this.print(`[progress] ${line}`);
      return;
    }
    // Inside Vitest's window the renderer redraws the lines itself, every second.
    if (this.window === null) this.writeInline();
  }

  private isTty(): boolean {
    const stream = this.vitest?.logger.outputStream ?? process.stdout;
    return this.options.tty ?? ('isTTY' in stream && stream.isTTY === true);
  }

  private hookWindow(): void {
    if (this.window !== null || this.vitest === null) return;
    const options = findWindowOptions(this.vitest);
    if (options === null) return;
    const original = options.getWindow;
    options.getWindow = () => {
      const base = original();
      return this.lines.length === 0 ? base : [...base, ...this.lines, ''];
    };
    this.window = { options, original };
  }

  private writeInline(): void {
    const stream = this.vitest?.logger.outputStream ?? process.stdout;
    const columns =
      'columns' in stream && typeof stream.columns === 'number' ? stream.columns : 120;
    const text = this.lines.join(' | ').slice(0, Math.max(20, columns - 1));
    stream.write(`\r\x1b[2K${text}`);
    this.inlineShown = text.length > 0;
  }

  private clearInline(): void {
    if (!this.inlineShown) return;
    (this.vitest?.logger.outputStream ?? process.stdout).write('\r\x1b[2K');
    this.inlineShown = false;
  }

  private print(line: string): void {
    if (this.options.write) this.options.write(line);
    else if (this.vitest) this.vitest.logger.log(line);
    else process.stdout.write(`${line}\n`);
  }
}

/**
 * The options object of the window renderer of Vitest 4.1's default reporter
 * (`reporter.summary.renderer.options`), or null when there is none (other reporters, no TTY).
 */
function findWindowOptions(vitest: Vitest): WindowOptions | null {
  // `reporters` exists at run time but is not in Vitest's public types.
  const reporters = (vitest as unknown as { reporters?: unknown }).reporters;
  if (!Array.isArray(reporters)) return null;
  for (const reporter of reporters as unknown[]) {
    const options = path(reporter, ['summary', 'renderer', 'options']);
    if (typeof options === 'object' && options !== null && 'getWindow' in options) {
      const candidate = options as { getWindow: unknown };
      if (typeof candidate.getWindow === 'function') return candidate as WindowOptions;
    }
  }
  return null;
}

function path(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
