import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild, trackProcessGroup } from './child-processes.js';
import { parseShellTimes } from './shell-times.js';

/** How a timed command ended. */
export type TimedCommandResult =
  | {
      kind: 'exited-ok';
      /** CPU of the command's whole process tree (user + system, reaped children included), s. */
      cpuS: number;
      userS: number;
      sysS: number;
      wallMs: number;
    }
  | { kind: 'failed'; reason: string; stderrTail: string; stdoutTail: string };

const TAIL_CHARS = 4000;
/**
 * `sh -c` runs the command, then the POSIX builtin `times`, whose second line is the CPU of
 * every child the shell waited for, with every descendant those waited for: the command's
 * whole tree (Vitest reaps its workers before it exits; checked against /usr/bin/time and
 * a /proc sampling of each process, docs/bench.md).
 */
const WRAPPER = 'f=$1; shift; "$@"; rc=$?; times > "$f"; exit $rc';

/**
 * Runs `command args` in its own process group with exactly `env`, keeps the last 4000
 * characters of its stdout and stderr, and reports its process tree's CPU. Bounded: after
 * `timeoutMs` the group is stopped (SIGTERM, SIGKILL 3 s later) and the run fails.
 */
export async function runTimedCommand(options: {
  command: string;
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
  timeoutMs: number;
}): Promise<TimedCommandResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-times-'));
  const timesFile = join(dir, 'times');
  try {
    const startMs = performance.now();
    const child = spawn('sh', ['-c', WRAPPER, 'sh', timesFile, options.command, ...options.args], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    trackProcessGroup(child);
    let stdoutTail = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdoutTail = (stdoutTail + text).slice(-TAIL_CHARS);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-TAIL_CHARS);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void stopChild(child);
    }, options.timeoutMs);
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, signal) => resolve({ code, signal }));
      },
    ).finally(() => clearTimeout(timer));
    const wallMs = performance.now() - startMs;
    const failed = (reason: string): TimedCommandResult => ({
      kind: 'failed',
      reason,
      stderrTail,
      stdoutTail,
    });
    if (timedOut) return failed(`did not finish within ${options.timeoutMs / 1000} s; stopped`);
    if (exit.code !== 0) return failed(`exited with code ${exit.code}, signal ${exit.signal}`);
    const cpu = parseShellTimes(readFileSync(timesFile, 'utf8'));
    return { kind: 'exited-ok', cpuS: cpu.userS + cpu.sysS, ...cpu, wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
