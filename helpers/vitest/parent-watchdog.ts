/** Options of `watchParentProcess`. */
export interface ParentWatchdogOptions {
  /** Called once when the parent is gone, with a sentence saying how that was noticed. */
  onGone: (reason: string) => void;
  /** How often `process.ppid` is compared with the parent's pid, ms; default 500. */
  pollMs?: number;
}

/** A running watchdog. */
export interface ParentWatchdog {
  /** Stops watching; `onGone` is not called after this. */
  stop(): void;
}

export const DEFAULT_PARENT_POLL_MS = 500;

/**
 * Calls `onGone` once when this process's parent is gone: at once when the IPC channel of a
 * forked child closes, otherwise within `pollMs` of the parent's death (an orphan is
 * re-parented, so `process.ppid` changes). The poll timer does not keep the process alive.
 */
export function watchParentProcess(options: ParentWatchdogOptions): ParentWatchdog {
  const parentPid = process.ppid;
  let watching = true;
  const gone = (reason: string): void => {
    if (!watching) return;
    stop();
    options.onGone(reason);
  };
  const onDisconnect = (): void =>
    gone(`the IPC channel to the parent process (pid ${parentPid}) closed`);
  const timer = setInterval(() => {
    if (process.ppid !== parentPid) gone(`the parent process (pid ${parentPid}) is gone`);
  }, options.pollMs ?? DEFAULT_PARENT_POLL_MS);
  timer.unref();
  const stop = (): void => {
    watching = false;
    clearInterval(timer);
    process.off('disconnect', onDisconnect);
  };
  if (process.send !== undefined) {
    process.on('disconnect', onDisconnect);
    if (!process.connected) onDisconnect();
  }
  return { stop };
}
