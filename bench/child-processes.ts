import { type ChildProcess, fork } from 'node:child_process';

const KILL_AFTER_MS = 3000;

/** Every child still running, so an error or Ctrl+C never leaves one behind. */
const running = new Set<ChildProcess>();
/** Children spawned as leaders of their own process group: signals go to the whole group. */
const groupLeaders = new WeakSet<ChildProcess>();
let exitHookInstalled = false;

function signalChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if (groupLeaders.has(child) && child.pid !== undefined) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  } else {
    child.kill(signal);
  }
}

function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // 'exit' handlers must be synchronous: a plain SIGKILL is all that is left to do.
    process.on('exit', () => {
      for (const child of running) signalChild(child, 'SIGKILL');
    });
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/**
 * Tracks a child spawned with `detached: true` (the leader of a new process group): it is
 * stopped with its whole group (e.g. a shell, the Vitest it runs and Vitest's workers).
 */
export function trackProcessGroup(child: ChildProcess): void {
  groupLeaders.add(child);
  track(child);
}

/**
 * Forks a TypeScript script under the tsx the bench runs with, with an IPC channel and
 * stdout/stderr shared with ours. The child is tracked until it exits.
 */
export function forkTsx(
  scriptPath: string,
  args: readonly string[],
  nodeOptions: readonly string[] = [],
): ChildProcess {
  const child = fork(scriptPath, [...args], {
    execArgv: [...nodeOptions, '--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Structured clone, so NaN figures and nested results cross IPC unchanged.
    serialization: 'advanced',
  });
  track(child);
  return child;
}

/** Stops a child (its group, if it leads one): SIGTERM, then SIGKILL after 3 s; resolves once it has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const killer = setTimeout(() => signalChild(child, 'SIGKILL'), KILL_AFTER_MS);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    signalChild(child, 'SIGTERM');
  });
}

/** Stops every child still running; for the error and signal paths. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
}

/** Children still running (for the end-of-run check). */
export function runningChildren(): number {
  return running.size;
}
