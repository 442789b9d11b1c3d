import { type BenchMode, CASE_NAMES, type CaseName } from './bench-case.js';

/** The command line of `npm run bench`, parsed. */
export interface BenchArgs {
  /** `--help` was given: print the help and run nothing. */
  help: boolean;
  mode: BenchMode;
  /** `--profile`: cases that support it (spec-cpu) add a run under `--cpu-prof`. */
  profile: boolean;
  /** Cases to run, in run order (all of them unless `--case` was given). */
  cases: CaseName[];
  /** Every problem found; when not empty, nothing runs. */
  problems: string[];
}

const isCaseName = (name: string): name is CaseName =>
  (CASE_NAMES as readonly string[]).includes(name);

/** Parses `--quick`, `--profile`, `--case NAME` / `--case=NAME` (repeatable) and `--help`. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const problems: string[] = [];
  const chosen = new Set<CaseName>();
  let help = false;
  let mode: BenchMode = 'full';
  let profile = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg === '--quick') {
      mode = 'quick';
    } else if (arg === '--profile') {
      profile = true;
    } else if (arg === '--case' || arg.startsWith('--case=')) {
      const name = arg === '--case' ? argv[++i] : arg.slice('--case='.length);
      if (name === undefined || name === '') {
        problems.push(`--case needs a name: one of ${CASE_NAMES.join(', ')}`);
      } else if (!isCaseName(name)) {
        problems.push(`--case ${name}: no such case; use one of ${CASE_NAMES.join(', ')}`);
      } else {
        chosen.add(name);
      }
    } else {
      problems.push(`${arg}: unknown argument; run with --help to list the options`);
    }
  }
  const cases = chosen.size === 0 ? [...CASE_NAMES] : CASE_NAMES.filter((n) => chosen.has(n));
  return { help, mode, profile, cases, problems };
}

/** The `--help` text. */
export function formatBenchHelp(): string {
  return `Usage: npm run bench -- [--quick] [--profile] [--case NAME]... [--help]

Benchmarks of the suite itself, on loopback, with the server in a separate process:
how exact its pacing and timings are and how fast it measures, beside a bare undici loop.

Options:
  --quick       small counts and durations (under a minute): checks that every case runs
                and produces figures; goals are shown but not judged
  --profile     spec-cpu: one more run under node --cpu-prof (main process and workers);
                its top self-time entries go into the notes, the profiles into RESULTS_DIR
  --case NAME   run only this case; repeatable. Cases, in run order:
${CASE_NAMES.map((name) => `                  ${name}`).join('\n')}
  --help, -h    print this text

Writes RESULTS_DIR/bench.json (RESULTS_DIR from the environment or .env; default results).
Exit status: 0 when every case ran (missed goals are reported, not fatal), 1 when a case
crashed, 2 on bad arguments, 130 when interrupted.
`;
}
