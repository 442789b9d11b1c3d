// `npm run bench`: benchmarks of the suite itself; see docs/bench.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadEnvironment } from '../helpers/config/load-environment.js';
import type { CaseResult } from './bench-case.js';
import { benchResultsFile } from './bench-results.js';
import { BENCH_CASES } from './cases/bench-cases.js';
import { stopAllChildren } from './child-processes.js';
import { formatBenchTable } from './format-bench-table.js';
import { loadAverage1m } from './machine-load.js';
import { formatBenchHelp, parseBenchArgs } from './parse-bench-args.js';
import { runCaseInChild } from './run-case-in-child.js';

const EXIT_CRASHED = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

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
  // First signal: stop the running case (its worker stops its servers), report what ran,
  // exit 130. A second signal exits at once, after a last SIGKILL of the children.
  let interrupted = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    process.stderr.write(`[bench] ${signal}: stopping the case and its server processes\n`);
    void stopAllChildren();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const startedAt = new Date().toISOString();
  const startMs = performance.now();
  const loadStart = loadAverage1m();
  process.stderr.write(
    `[bench] ${args.mode} run of ${args.cases.join(', ')}; Node ${process.version}, load average ${loadStart}\n`,
  );
  const results: CaseResult[] = [];
  // Each case in a fresh process of its own; see run-case-in-child.ts.
  for (const name of args.cases) {
    if (interrupted) break;
    results.push(await runCaseInChild(name, BENCH_CASES[name].title, args.mode, args.profile));
  }

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
  if (interrupted) return EXIT_INTERRUPTED;
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
