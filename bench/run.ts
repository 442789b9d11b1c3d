// `npm run bench`: benchmarks of the suite itself; see docs/notes/bench.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadEnvironment } from '../helpers/config/load-environment.js';
import type { BenchCase, BenchMode, CaseName, CaseResult } from './bench-case.js';
import { benchResultsFile, missingFigures } from './bench-results.js';
import { memoryCase } from './cases/memory-case.js';
import { microCase } from './cases/micro-case.js';
import { pacingCase } from './cases/pacing-case.js';
import { requestThroughputCase } from './cases/request-throughput-case.js';
import { streamCapacityCase } from './cases/stream-capacity-case.js';
import { ttftAccuracyCase } from './cases/ttft-accuracy-case.js';
import { stopAllChildren } from './child-processes.js';
import { formatBenchTable } from './format-bench-table.js';
import { loadAverage1m, watchMachineLoad } from './machine-load.js';
import { formatBenchHelp, parseBenchArgs } from './parse-bench-args.js';

const CASES: Readonly<Record<CaseName, BenchCase>> = {
  pacing: pacingCase,
  ttft: ttftAccuracyCase,
  'stream-capacity': streamCapacityCase,
  'request-throughput': requestThroughputCase,
  memory: memoryCase,
  micro: microCase,
};

const EXIT_CRASHED = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

async function runCase(benchCase: BenchCase, mode: BenchMode): Promise<CaseResult> {
  const { name, title } = benchCase;
  const startMs = performance.now();
  const watch = watchMachineLoad();
  const log = (line: string): void => {
    process.stderr.write(`[bench] ${line}\n`);
  };
  try {
    const report = await benchCase.run({ mode, log });
    const durationMs = performance.now() - startMs;
    const machine = watch.end();
    const missing = missingFigures(report);
    if (missing.length > 0) {
      return { status: 'crashed', name, title, durationMs, machine, error: missing.join('; ') };
    }
    return { status: 'ran', name, title, durationMs, machine, report };
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${name} crashed: ${text}`);
    const durationMs = performance.now() - startMs;
    return { status: 'crashed', name, title, durationMs, machine: watch.end(), error: text };
  } finally {
    // Whatever a case left running (after a crash) goes now, before the next case.
    await stopAllChildren();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs(argv);
  if (args.help) {
    process.stdout.write(formatBenchHelp());
    return 0;
  }
  if (args.problems.length > 0) {
    process.stderr.write(`bench: ${args.problems.join('\n  ')}\n`);
    return EXIT_USAGE;
  }
  const stop = (signal: NodeJS.Signals): void => {
    process.stderr.write(`[bench] ${signal}: stopping the server processes\n`);
    stopAllChildren().finally(() => process.exit(EXIT_INTERRUPTED));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const startedAt = new Date().toISOString();
  const startMs = performance.now();
  const loadStart = loadAverage1m();
  process.stderr.write(
    `[bench] ${args.mode} run of ${args.cases.join(', ')}; Node ${process.version}, load average ${loadStart}\n`,
  );
  const results: CaseResult[] = [];
  for (const name of args.cases) results.push(await runCase(CASES[name], args.mode));

  process.stdout.write(formatBenchTable(results, args.mode));
  const resultsDir = loadEnvironment().RESULTS_DIR?.trim() || 'results';
  const file = benchResultsFile(results, {
    mode: args.mode,
    startedAt,
    durationMs: performance.now() - startMs,
    loadAverage1m: { start: loadStart, end: loadAverage1m() },
  });
  await mkdir(resultsDir, { recursive: true });
  const path = join(resultsDir, 'bench.json');
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
  process.stdout.write(`wrote ${path}\n`);
  return results.some((r) => r.status === 'crashed') ? EXIT_CRASHED : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Sockets of closed agents can keep the loop alive for a while: exit now.
    process.exit(code);
  },
  async (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    await stopAllChildren();
    process.exit(EXIT_CRASHED);
  },
);
