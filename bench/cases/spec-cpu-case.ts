import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { parse } from 'dotenv';
import { loadEnvironment } from '../../helpers/config/load-environment.js';
import { prebuildHelpers } from '../../helpers/vitest/prebuilt-helpers.js';
import { writeBareVitestProject } from '../bare-vitest-project.js';
import type { BenchCase, BenchRow, CaseReport, JsonValue } from '../bench-case.js';
import { type ChatRequestCounts, chatRequestCounts } from '../chat-request-counts.js';
import { type ChildServer, startChildServer } from '../child-server.js';
import { type CpuFit, fitCpu } from '../cpu-fit.js';
import {
  type CpuProfile,
  type SelfTimeEntry,
  summarizeCpuProfiles,
} from '../cpu-profile-summary.js';
import { formatFigure } from '../format-bench-table.js';
import { checkGoal, type GoalCheck } from '../goal-check.js';
import { loadAverage1m } from '../machine-load.js';
import { measurePacedLoop, type PacedLoopResult } from '../paced-loop-cpu.js';
import { runTimedCommand } from '../run-timed-command.js';
import { specEnvironment } from '../spec-environment.js';
import { BENCH_MODEL, zeroDelaySimulator } from '../zero-delay-simulator.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITEST_BIN = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const SPEC_DIRS = ['specs/stream', 'specs/nonstream'] as const;

/** Issue 12's fast simulator: 5 ms to first token, 2 ms per step, 32 tokens, no jitter. */
const SIMULATOR_OPTIONS = zeroDelaySimulator({
  slots: 4096,
  prefillBaseMs: 5,
  prefillPerTokenMs: 0,
  decodeBaseMs: 2,
  decodePerActiveMs: 0,
  outputTokens: 32,
  cotOutputTokens: 32,
  outputTokensJitter: 0,
});

/** Arrival rate per spec file of each scenario, req/s. */
interface RatePoint {
  streamRps: number;
  nonstreamRps: number;
}

const FULL_POINTS: readonly RatePoint[] = [
  { streamRps: 1, nonstreamRps: 1 },
  { streamRps: 20, nonstreamRps: 20 },
  { streamRps: 60, nonstreamRps: 60 },
  { streamRps: 60, nonstreamRps: 1 },
  { streamRps: 1, nonstreamRps: 60 },
];
const QUICK_POINTS: readonly RatePoint[] = [FULL_POINTS[0]!, FULL_POINTS[1]!];
/** The point judged whole: the issue's 60 req/s run. */
const JUDGED_POINT: RatePoint = { streamRps: 60, nonstreamRps: 60 };

const FULL_STAGES = { RAMP_UP: '10s', HOLD: '10s', RAMP_DOWN: '10s' };
// 1 req/s for 4 s gives 4 samples per spec: MIN_SAMPLES=1 so its SLAs can judge them.
const QUICK_STAGES = { RAMP_UP: '1s', HOLD: '2s', RAMP_DOWN: '1s', MIN_SAMPLES: '1' };
/** Beyond the stages: start-up, smoke checks, drain, reports, shut-down. */
const RUN_SLACK_MS = 180_000;
const TRIVIAL_FILES = 4;
/** Alternating rounds of the start-up runs (bare Vitest, rate 0, rate 0 from source); quick: 1. */
const START_UP_ROUNDS = 3;
const TOP_ENTRIES = 10;

const GOAL_MARGINAL_MS = 0.6;
/** The floor: one paced loop per kind and client, at the judged point's rate. */
const FLOOR_RATE_PER_SEC = 60;
const FLOOR_DURATION_MS = { full: 20_000, quick: 2_000 } as const;
const GOAL_FIXED_S = 2.5;
const GOAL_JUDGED_TOTAL_S = 5.5;

/** One run of the real suite at one rate point. */
interface PointRun extends RatePoint {
  cpuS: number;
  userS: number;
  sysS: number;
  wallMs: number;
  requests: ChatRequestCounts;
  simulatorCpuS: number;
}

/**
 * CPU of the real spec path per chat request: `vitest run specs/stream specs/nonstream` (the
 * main process, its workers, the reporters, progress and result files) against the simulator
 * in its own process, at several stream / non-stream rates; fixed and marginal CPU by least
 * squares, and bare Vitest with four trivial files as the floor.
 */
export const specCpuCase: BenchCase = {
  name: 'spec-cpu',
  title: 'CPU per request through the real spec path (Vitest, workers, reporters, result files)',
  async run({ mode, profile, log }): Promise<CaseReport> {
    const quick = mode === 'quick';
    const points = quick ? QUICK_POINTS : FULL_POINTS;
    const startUpRounds = quick ? 1 : START_UP_ROUNDS;
    const stages = quick ? QUICK_STAGES : FULL_STAGES;
    const envFileKeys = dotenvKeys();
    const notes: string[] = [];
    if (envFileKeys.length > 0) {
      notes.push(
        `the repo's .env names ${envFileKeys.length} variables: each was passed empty (unset) to the suite runs, so none applied`,
      );
    }
    // The runs measure a warm start: the helpers' bundles are made (when stale) before them.
    const buildStartMs = performance.now();
    const prebuilt = await prebuildHelpers({ root: REPO_ROOT, env: {} });
    const buildMs = performance.now() - buildStartMs;
    if (prebuilt.kind === 'built' && prebuilt.fresh) {
      notes.push(`helpers pre-built afresh before the runs (${formatFigure(buildMs)} ms wall)`);
    } else if (prebuilt.kind === 'source') {
      notes.push(`the runs load the helpers from source: ${prebuilt.reason}`);
    }
    const server = await startChildServer('simulator', SIMULATOR_OPTIONS);
    try {
      const runOne = (
        point: RatePoint,
        profileDir: string | null,
        extraKnobs: Readonly<Record<string, string>> = {},
      ) => runPoint(server, point, stages, envFileKeys, profileDir, extraKnobs);

      // Start-up and shut-down alone: the four specs with both rates 0 (each skips its run),
      // with the pre-built helpers and from source (docs/layout.md#pre-built-helpers), beside
      // bare Vitest. These runs take seconds and this machine's speed drifts by tens of % from
      // one minute to the next: they alternate, and the median of each is reported.
      const bareRuns: Awaited<ReturnType<typeof runBareVitest>>[] = [];
      const startUpRuns: PointRun[] = [];
      const fromSourceRuns: PointRun[] = [];
      for (let round = 1; round <= startUpRounds; round++) {
        log(
          `spec-cpu: start-up round ${round}/${startUpRounds}: bare Vitest (${TRIVIAL_FILES} trivial files), the four specs at STREAM_RPS=0 NONSTREAM_RPS=0, the same with PREBUILT_HELPERS=0`,
        );
        bareRuns.push(await runBareVitest(envFileKeys));
        startUpRuns.push(await runOne({ streamRps: 0, nonstreamRps: 0 }, null));
        fromSourceRuns.push(
          await runOne({ streamRps: 0, nonstreamRps: 0 }, null, { PREBUILT_HELPERS: '0' }),
        );
      }
      const bare = medianRun(bareRuns);
      const startUp = medianRun(startUpRuns);
      const startUpFromSource = medianRun(fromSourceRuns);
      const aboveBareS = median(startUpRuns.map((run, i) => run.cpuS - (bareRuns[i]?.cpuS ?? 0)));
      const runs: PointRun[] = [];
      for (const point of points) {
        log(
          `spec-cpu: stream ${point.streamRps}/s, non-stream ${point.nonstreamRps}/s (load average ${loadAverage1m()})`,
        );
        let run: PointRun;
        try {
          run = await runOne(point, null);
        } catch (error) {
          // The case fails, but what the earlier points measured stays in its error.
          throw new Error(`${(error as Error).message}\n${gatheredSoFar(runs)}`);
        }
        log(
          `spec-cpu: ${run.cpuS.toFixed(2)} CPU s for ${run.requests.stream} + ${run.requests.nonstream} requests`,
        );
        runs.push(run);
      }

      // The floor of the marginal cost: the same requests at the same pacing (the suite's
      // scheduler, 60/s) from one process, by a bare undici loop and by our client + store.
      const floor: PacedLoopResult[] = [];
      for (const stream of [true, false]) {
        for (const loop of ['bare', 'ours'] as const) {
          log(
            `spec-cpu: floor, ${loop} ${stream ? 'stream' : 'non-stream'} loop at ${FLOOR_RATE_PER_SEC}/s`,
          );
          floor.push(
            await measurePacedLoop({
              loop,
              url: server.url,
              model: BENCH_MODEL,
              stream,
              maxTokens: 32,
              ratePerSec: FLOOR_RATE_PER_SEC,
              durationMs: FLOOR_DURATION_MS[mode],
            }),
          );
        }
      }

      const fit = fitCpu(
        runs.map((run) => ({
          cpuS: run.cpuS,
          requests: [run.requests.stream, run.requests.nonstream],
        })),
      );
      const combined = fitCpu(
        runs.map((run) => ({
          cpuS: run.cpuS,
          requests: [run.requests.stream + run.requests.nonstream],
        })),
      );
      const judged =
        runs.find(
          (run) =>
            run.streamRps === JUDGED_POINT.streamRps &&
            run.nonstreamRps === JUDGED_POINT.nonstreamRps,
        ) ?? (runs[runs.length - 1] as PointRun);

      const rows: BenchRow[] = [
        {
          label: `bare Vitest, ${TRIVIAL_FILES} trivial files (median of ${startUpRounds})`,
          value: `${formatFigure(bare.cpuS)} CPU s`,
        },
        {
          label: `the four specs at rate 0 (start-up and shut-down only, not in the fit; median of ${startUpRounds})`,
          value: `${formatFigure(startUp.cpuS)} CPU s, ${formatFigure(aboveBareS)} s above bare Vitest (median of the rounds' differences)`,
        },
        {
          label: `the same, helpers from source (PREBUILT_HELPERS=0; median of ${startUpRounds})`,
          value: `${formatFigure(startUpFromSource.cpuS)} CPU s`,
        },
        ...runs.map((run) => ({
          label: `stream ${run.streamRps}/s, non-stream ${run.nonstreamRps}/s (per spec file)`,
          value: `${formatFigure(run.cpuS)} CPU s, ${run.requests.stream} + ${run.requests.nonstream} requests, ${formatFigure(allInMs(run))} ms each; simulator ${formatFigure(run.simulatorCpuS)} s`,
        })),
        ...fitRows(fit, combined),
        ...floor.map((f) => ({
          label: `floor: ${f.loop === 'bare' ? 'bare undici loop' : 'our client + store, no Vitest'}, ${f.stream ? 'stream' : 'non-stream'}, paced ${f.ratePerSec}/s`,
          value: `${formatFigure(f.cpuMsPerRequest)} ms per request (${f.requests} requests${f.failures > 0 ? `, ${f.failures} failed` : ''})`,
        })),
        {
          label: `stream ${judged.streamRps}/s, non-stream ${judged.nonstreamRps}/s: total, all-in per request`,
          value: `${formatFigure(judged.cpuS)} CPU s, ${formatFigure(allInMs(judged))} ms`,
        },
      ];
      const goals = quick ? [] : fitGoals(fit, judged, startUp);
      if (fit.kind === 'underdetermined' && !quick) notes.push(`fit: ${fit.reason}`);
      if (fit.kind === 'fitted' && fit.fixedS > startUp.cpuS) {
        const stageS = ['RAMP_UP', 'HOLD', 'RAMP_DOWN'].reduce(
          (sum, name) => sum + Number.parseFloat(stages[name as keyof typeof stages] ?? '0'),
          0,
        );
        notes.push(
          `fit intercept ${formatFigure(fit.fixedS)} s - start-up alone ${formatFigure(startUp.cpuS)} s = ${formatFigure(fit.fixedS - startUp.cpuS)} s: what the points' ${stageS} s of running cost beyond their requests in a linear fit (each process's per-second work, and the higher CPU per request at 1 req/s, when no two streams share a wake-up)`,
        );
      }
      for (const [index, stream] of [
        [0, true],
        [1, false],
      ] as const) {
        const bareFloor = floor.find((f) => f.loop === 'bare' && f.stream === stream);
        const marginal = fit.kind === 'fitted' ? fit.perRequestMs[index] : undefined;
        if (bareFloor !== undefined && marginal !== undefined && marginal > GOAL_MARGINAL_MS) {
          notes.push(
            `marginal ${stream ? 'stream' : 'non-stream'} CPU ${formatFigure(marginal)} ms: a bare undici loop paced the same way costs ${formatFigure(bareFloor.cpuMsPerRequest)} ms per request in this run${bareFloor.cpuMsPerRequest > GOAL_MARGINAL_MS ? `, itself above the ${GOAL_MARGINAL_MS} ms goal: no Node client meets it on this machine at this pacing` : ''}`,
          );
        }
      }
      const floorTotalS = judgedFloorS(floor, judged, bare);
      if (!quick && judged.cpuS > GOAL_JUDGED_TOTAL_S && floorTotalS !== null) {
        notes.push(
          `total ${formatFigure(judged.cpuS)} s of the ${judged.streamRps}/${judged.nonstreamRps} run: its requests at the bare undici loop's CPU per request and bare Vitest's start-up alone come to ${formatFigure(floorTotalS)} s${floorTotalS > GOAL_JUDGED_TOTAL_S ? `, above the ${GOAL_JUDGED_TOTAL_S} s goal: no Node client meets it on this machine at this pacing` : ''}`,
        );
      }

      let profileFigures: JsonValue = null;
      if (profile) {
        const dir = profileDirectory();
        const point = quick ? (points[points.length - 1] as RatePoint) : JUDGED_POINT;
        log(
          `spec-cpu: profiled run at stream ${point.streamRps}/s, non-stream ${point.nonstreamRps}/s into ${dir}`,
        );
        // The measured points are complete: a failed profiled run is a note, not a crash, and
        // its profiles are still read (the profiler's overhead can make the suite drop
        // iterations on a busy machine, failing an SLA; the CPU it profiled was spent).
        let run: PointRun | null = null;
        let runError: string | null = null;
        try {
          run = await runOne(point, dir);
        } catch (error) {
          runError = (error as Error).message;
        }
        try {
          const summary = profileSummary(dir);
          notes.push(
            run === null
              ? `profiled run (--cpu-prof, not in the fit) FAILED, its profiles read anyway: ${runError}`
              : `profiled run (--cpu-prof, not in the fit): ${formatFigure(run.cpuS)} CPU s for ${run.requests.stream} + ${run.requests.nonstream} requests`,
            `profiles in ${dir} (the main process's and ${summary.workerFiles} workers')`,
            `top ${TOP_ENTRIES} self time, Vitest main process: ${formatEntries(summary.main)}`,
            `top ${TOP_ENTRIES} self time, workers summed: ${formatEntries(summary.workers)}`,
          );
          profileFigures = {
            dir,
            runError,
            cpuS: run?.cpuS ?? null,
            requests: run === null ? null : { ...run.requests },
            mainNotIdleMs: summary.main.totalMs,
            main: summary.main.entries.map(entryFigure),
            workersNotIdleMs: summary.workers.totalMs,
            workers: summary.workers.entries.map(entryFigure),
          };
        } catch (error) {
          notes.push(
            `profiled run: no profile summary: ${(error as Error).message}${runError === null ? '' : `; the run: ${runError}`}`,
          );
          profileFigures = { dir, runError, error: (error as Error).message };
        }
      } else if (goals.some((goal) => !goal.met)) {
        notes.push(
          'a goal was missed: rerun with `npm run bench -- --case spec-cpu --profile` for the top entries of the main process and of the workers',
        );
      }

      const figures: { [key: string]: JsonValue } = {
        command: `node ${VITEST_BIN} run ${SPEC_DIRS.join(' ')}`,
        cpuMethod: "sh -c 'cmd; times': user + sys of the whole process tree (children reaped)",
        knobs: { START_RATE: '1', ...stages },
        simulator: { ...SIMULATOR_OPTIONS } as { [key: string]: JsonValue },
        envFileVariablesBlanked: envFileKeys.length,
        startUpRounds,
        startUpAboveBareVitestS: aboveBareS,
        startUpOnlyCpuSByRound: startUpRuns.map((run) => run.cpuS),
        bareVitestCpuSByRound: bareRuns.map((run) => run.cpuS),
        fromSourceCpuSByRound: fromSourceRuns.map((run) => run.cpuS),
        startUpOnly: {
          cpuS: startUp.cpuS,
          userS: startUp.userS,
          sysS: startUp.sysS,
          wallMs: startUp.wallMs,
        },
        startUpFromSource: {
          cpuS: startUpFromSource.cpuS,
          userS: startUpFromSource.userS,
          sysS: startUpFromSource.sysS,
          wallMs: startUpFromSource.wallMs,
        },
        bareVitest: {
          files: TRIVIAL_FILES,
          cpuS: bare.cpuS,
          userS: bare.userS,
          sysS: bare.sysS,
          wallMs: bare.wallMs,
        },
        points: runs.map((run) => ({
          streamRps: run.streamRps,
          nonstreamRps: run.nonstreamRps,
          cpuS: run.cpuS,
          userS: run.userS,
          sysS: run.sysS,
          wallMs: run.wallMs,
          streamRequests: run.requests.stream,
          nonstreamRequests: run.requests.nonstream,
          allInMsPerRequest: allInMs(run),
          simulatorCpuS: run.simulatorCpuS,
        })),
        fit: fitFigure(fit),
        floor: floor.map((f) => ({ ...f })),
        fitAllRequestsAlike: fitFigure(combined),
        judged: {
          streamRps: judged.streamRps,
          nonstreamRps: judged.nonstreamRps,
          cpuS: judged.cpuS,
          allInMsPerRequest: allInMs(judged),
        },
        profile: profileFigures,
      };
      return { figures, rows, goals, notes };
    } finally {
      await server.close();
    }
  },
};

/** The points measured before a failure, one line each, for the error. */
function gatheredSoFar(runs: readonly PointRun[]): string {
  if (runs.length === 0) return 'no point was measured before it.';
  return `measured before it: ${runs
    .map(
      (run) =>
        `${run.streamRps}/${run.nonstreamRps} req/s ${run.cpuS.toFixed(2)} CPU s for ${run.requests.stream} + ${run.requests.nonstream} requests`,
    )
    .join('; ')}`;
}

/** CPU ms per chat request of a whole run, start-up included. */
function allInMs(run: PointRun): number {
  return (run.cpuS * 1000) / (run.requests.stream + run.requests.nonstream);
}

function fitRows(fit: CpuFit, combined: CpuFit): BenchRow[] {
  if (fit.kind === 'fitted') {
    return [
      { label: 'fit: fixed start-up CPU', value: `${formatFigure(fit.fixedS)} s` },
      {
        label: 'fit: marginal CPU per stream request',
        value: `${formatFigure(fit.perRequestMs[0] ?? Number.NaN)} ms`,
      },
      {
        label: 'fit: marginal CPU per non-stream request',
        value: `${formatFigure(fit.perRequestMs[1] ?? Number.NaN)} ms`,
      },
      { label: 'fit: residual RMS over the runs', value: `${formatFigure(fit.residualRmsS)} s` },
    ];
  }
  // Quick mode: two points with as many streams as non-streams cannot split the kinds.
  if (combined.kind === 'fitted') {
    return [
      {
        label: 'fit, all requests alike (streams and non-streams not split): fixed, marginal',
        value: `${formatFigure(combined.fixedS)} s, ${formatFigure(combined.perRequestMs[0] ?? Number.NaN)} ms per request`,
      },
    ];
  }
  return [];
}

/**
 * A floor under the judged run's CPU: its requests at the bare undici loop's CPU per request
 * (paced alike, no measuring), plus bare Vitest's start-up; null without both floors.
 */
export function judgedFloorS(
  floor: readonly PacedLoopResult[],
  judged: PointRun,
  bareVitest: { cpuS: number },
): number | null {
  const stream = floor.find((f) => f.loop === 'bare' && f.stream);
  const nonstream = floor.find((f) => f.loop === 'bare' && !f.stream);
  if (stream === undefined || nonstream === undefined) return null;
  return (
    (stream.cpuMsPerRequest * judged.requests.stream +
      nonstream.cpuMsPerRequest * judged.requests.nonstream) /
      1000 +
    bareVitest.cpuS
  );
}

function fitGoals(fit: CpuFit, judged: PointRun, startUp: PointRun): GoalCheck[] {
  const fitted = fit.kind === 'fitted' ? fit : null;
  return [
    checkGoal({
      id: 'spec-cpu.marginal-stream',
      description: 'marginal CPU per stream request (32 tokens)',
      actual: fitted?.perRequestMs[0] ?? Number.NaN,
      op: '<=',
      limit: GOAL_MARGINAL_MS,
      unit: 'ms',
    }),
    checkGoal({
      id: 'spec-cpu.marginal-nonstream',
      description: 'marginal CPU per non-stream request',
      actual: fitted?.perRequestMs[1] ?? Number.NaN,
      op: '<=',
      limit: GOAL_MARGINAL_MS,
      unit: 'ms',
    }),
    checkGoal({
      id: 'spec-cpu.fixed',
      description: "fixed CPU of the four specs (fit intercept: start-up and the stages' running)",
      actual: fitted?.fixedS ?? Number.NaN,
      op: '<=',
      limit: GOAL_FIXED_S,
      unit: 's',
    }),
    checkGoal({
      id: 'spec-cpu.start-up',
      description: 'start-up CPU of the four specs (the rate-0 run)',
      actual: startUp.cpuS,
      op: '<=',
      limit: GOAL_FIXED_S,
      unit: 's',
    }),
    checkGoal({
      id: 'spec-cpu.total-60',
      description: `total CPU of the ${judged.streamRps}/${judged.nonstreamRps} req/s run`,
      actual: judged.cpuS,
      op: '<=',
      limit: GOAL_JUDGED_TOTAL_S,
      unit: 's',
    }),
  ];
}

function fitFigure(fit: CpuFit): JsonValue {
  return fit.kind === 'fitted'
    ? {
        kind: fit.kind,
        fixedS: fit.fixedS,
        perRequestMs: fit.perRequestMs,
        residualRmsS: fit.residualRmsS,
      }
    : { kind: fit.kind, reason: fit.reason };
}

/** Variables named in the repo's `.env`, which every suite process reads (see spec-environment). */
function dotenvKeys(): string[] {
  const file = join(REPO_ROOT, '.env');
  return existsSync(file) ? Object.keys(parse(readFileSync(file))) : [];
}

/** Runs the two spec folders at one point; throws with the run's stderr tail when it fails. */
async function runPoint(
  server: ChildServer,
  point: RatePoint,
  stages: Readonly<Record<string, string>>,
  envFileKeys: readonly string[],
  profileDir: string | null,
  extraKnobs: Readonly<Record<string, string>>,
): Promise<PointRun> {
  const resultsDir = mkdtempSync(join(tmpdir(), 'bench-spec-cpu-'));
  try {
    const env = specEnvironment({
      inherited: process.env,
      envFileKeys,
      knobs: {
        BASE: server.url,
        MODEL: BENCH_MODEL,
        START_RATE: '1',
        ...stages,
        STREAM_RPS: String(point.streamRps),
        NONSTREAM_RPS: String(point.nonstreamRps),
        RESULTS_DIR: resultsDir,
        ...extraKnobs,
      },
    });
    const stageMs = ['RAMP_UP', 'HOLD', 'RAMP_DOWN'].reduce(
      (sum, name) => sum + Number.parseFloat(stages[name] ?? '0') * 1000,
      0,
    );
    const simulatorBeforeMs = await server.cpuMs();
    const result = await runTimedCommand({
      command: process.execPath,
      args: [
        // Vitest passes the main process's --cpu-prof flags on to every worker it forks.
        ...(profileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
        VITEST_BIN,
        'run',
        ...SPEC_DIRS,
      ],
      cwd: REPO_ROOT,
      env,
      timeoutMs: stageMs + RUN_SLACK_MS,
    });
    const simulatorCpuS = ((await server.cpuMs()) - simulatorBeforeMs) / 1000;
    if (result.kind === 'failed') {
      throw new Error(
        `spec-cpu: the suite run at stream ${point.streamRps}/s, non-stream ${point.nonstreamRps}/s ${result.reason}; its stderr ends:\n${shortTail(result.stderrTail || result.stdoutTail)}`,
      );
    }
    const summaryFile = join(resultsDir, 'summary.json');
    // Both rates 0: every scenario skips, no request is sent (and no summary may be written).
    const idle = point.streamRps === 0 && point.nonstreamRps === 0;
    const requests = idle
      ? { stream: 0, nonstream: 0 }
      : chatRequestCounts(JSON.parse(readFileSync(summaryFile, 'utf8')), summaryFile);
    return {
      ...point,
      cpuS: result.cpuS,
      userS: result.userS,
      sysS: result.sysS,
      wallMs: result.wallMs,
      requests,
      simulatorCpuS,
    };
  } finally {
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

/** The same Vitest binary on four trivial files: what Vitest costs to start four workers. */
async function runBareVitest(envFileKeys: readonly string[]) {
  const project = writeBareVitestProject(REPO_ROOT, TRIVIAL_FILES);
  try {
    const result = await runTimedCommand({
      command: process.execPath,
      args: [VITEST_BIN, 'run', '--config', project.configPath],
      cwd: REPO_ROOT,
      env: specEnvironment({ inherited: process.env, envFileKeys, knobs: {} }),
      timeoutMs: RUN_SLACK_MS,
    });
    if (result.kind === 'failed') {
      throw new Error(
        `spec-cpu: bare Vitest on ${TRIVIAL_FILES} trivial files ${result.reason}; its output ends:\n${shortTail(result.stderrTail || result.stdoutTail)}`,
      );
    }
    return result;
  } finally {
    project.remove();
  }
}

/** The run whose CPU is the median of `runs` (the upper one of the two middle runs when even). */
function medianRun<T extends { cpuS: number }>(runs: readonly T[]): T {
  const sorted = [...runs].sort((a, b) => a.cpuS - b.cpuS);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error('spec-cpu: no start-up run to take the median of');
  return middle;
}

function median(values: readonly number[]): number {
  return medianRun(values.map((cpuS) => ({ cpuS }))).cpuS;
}

/** Last 12 lines, at most 1500 characters: enough to see why, short enough for the table. */
function shortTail(text: string): string {
  return stripVTControlCharacters(text).trimEnd().split('\n').slice(-12).join('\n').slice(-1500);
}

function profileDirectory(): string {
  const resultsDir = resolve(loadEnvironment().RESULTS_DIR?.trim() || 'results');
  const dir = join(
    resultsDir,
    `spec-cpu-profile-${new Date().toISOString().replace(/[:.]/g, '-')}`,
  );
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Reads the run's profiles: the main process's is the one that started first (it forks the
 * workers), the rest are the workers'. Throws when either is missing.
 */
function profileSummary(dir: string) {
  const profiles = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile)
    .sort((a, b) => a.startTime - b.startTime);
  const [main, ...workers] = profiles;
  if (main === undefined || workers.length === 0) {
    throw new Error(
      `spec-cpu: the profiled run wrote ${profiles.length} profiles into ${dir}; expected the main process's and at least one worker's`,
    );
  }
  const top = (list: readonly CpuProfile[]): TopEntries => {
    const entries = summarizeCpuProfiles(list);
    return {
      totalMs: entries.reduce((sum, entry) => sum + entry.selfMs, 0),
      entries: entries.slice(0, TOP_ENTRIES),
    };
  };
  return { workerFiles: workers.length, main: top([main]), workers: top(workers) };
}

/** `file:///repo/helpers/x.ts` -> `helpers/x.ts`, `.../node_modules/vite/x.js` -> `node_modules/vite/x.js`. */
function shortUrl(url: string): string {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + 1);
  return path.startsWith(REPO_ROOT) ? path.slice(REPO_ROOT.length) : path;
}

/** The largest entries of a profile and the non-idle total they are a share of. */
interface TopEntries {
  totalMs: number;
  entries: SelfTimeEntry[];
}

/**
 * `fn file:line 12.3 ms (4.5 %)`. The shares hold better than the ms: the profiler adds CPU
 * of its own, and on a busy machine the samples can outnumber the CPU (docs/bench.md).
 */
function formatEntries({ totalMs, entries }: TopEntries): string {
  const list = entries
    .map(
      (e) =>
        `${e.functionName} ${e.url === '' ? '(native)' : `${shortUrl(e.url)}:${e.line}`} ${formatFigure(e.selfMs)} ms (${((e.selfMs / totalMs) * 100).toFixed(1)} %)`,
    )
    .join('; ');
  return `of ${formatFigure(totalMs)} ms not idle: ${list}`;
}

function entryFigure(entry: SelfTimeEntry): JsonValue {
  return {
    functionName: entry.functionName,
    where: entry.url === '' ? '' : `${shortUrl(entry.url)}:${entry.line}`,
    selfMs: entry.selfMs,
  };
}
