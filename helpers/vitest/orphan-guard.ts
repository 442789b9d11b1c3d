import { watchParentProcess } from './parent-watchdog.js';

/** After the main process is gone, how long a worker may take to save before it is ended, ms. */
export const ORPHAN_EXIT_MS = 5000;

let orphaned: AbortController | null = null;

/**
 * Aborted, with the reason, when the Vitest main process of this worker is gone (exited,
 * killed, or closed its IPC channel). The first call starts the watch (once per process) and
 * arms the end: `ORPHAN_EXIT_MS` after the parent is gone the worker ends itself, whatever it
 * is doing, so no worker outlives its run. Outside a forked worker, never aborted.
 */
export function parentGoneSignal(): AbortSignal {
  if (orphaned !== null) return orphaned.signal;
  const controller = new AbortController();
  orphaned = controller;
  if (process.send === undefined) return controller.signal;
  watchParentProcess({
    onGone: (reason) => {
      controller.abort(new Error(`the Vitest main process is gone: ${reason}`));
      setTimeout(endOrphan, ORPHAN_EXIT_MS);
    },
  });
  return controller.signal;
}

/**
 * Ends this process at once. Inside a Vitest worker `process.exit` is replaced by one that
 * throws, and nobody is left to read an exit code: SIGKILL is the one end that cannot be caught.
 */
export function endOrphan(): void {
  process.kill(process.pid, 'SIGKILL');
}
