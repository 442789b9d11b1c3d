import type { ChildMessage, ParentMessage } from './ipc-protocol.js';

/** Sends one message to the bench process (no-op when not started with an IPC channel). */
export function sendToParent(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * Wires a server child to its parent: answers each request with `answer`, and exits when
 * the parent goes away (IPC closed) or asks it to stop (SIGTERM/SIGINT), after `close`.
 */
export function serveParent(
  answer: (message: ParentMessage) => ChildMessage | Promise<ChildMessage>,
  close: () => Promise<void>,
): void {
  process.on('message', (raw) => {
    const message = raw as ParentMessage;
    Promise.resolve()
      .then(() => answer(message))
      .then(sendToParent, (error: unknown) =>
        sendToParent({
          type: 'error',
          id: message.id,
          message: error instanceof Error ? error.message : String(error),
        }),
      );
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // Bounded: a close that hangs must not keep an orphan alive.
    setTimeout(() => process.exit(0), 2000).unref();
    close().finally(() => process.exit(0));
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** CPU time used by this process so far, ms. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
