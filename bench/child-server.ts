import { fileURLToPath } from 'node:url';
import { forkTsx, stopChild } from './child-processes.js';
import type { ClockExchange } from './clock-offset.js';
import type { ChildMessage, ParentMessage, ServerKind, TruthSummary } from './ipc-protocol.js';

/** A bench server running in its own process, reached over loopback and IPC. */
export interface ChildServer {
  kind: ServerKind;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Child process id. */
  pid: number;
  /** Where the child's performance.now() zero lies on CLOCK_MONOTONIC, ms (see ipc-protocol). */
  monotonicOriginMs: number;
  /** One clock exchange: our performance.now() around the child's. */
  ping(): Promise<ClockExchange>;
  /** Truth records of these response ids (simulator only), in the child's clock. */
  truth(responseIds: readonly string[]): Promise<TruthSummary[]>;
  /** CPU time the child has used so far, ms. */
  cpuMs(): Promise<number>;
  /** Stops the child (SIGTERM, then SIGKILL after 3 s); resolves once it has exited. */
  close(): Promise<void>;
}

const SCRIPTS: Readonly<Record<ServerKind, string>> = {
  simulator: fileURLToPath(new URL('./simulator-server.ts', import.meta.url)),
  prebuilt: fileURLToPath(new URL('./prebuilt-event-server.ts', import.meta.url)),
};
const START_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Starts a bench server child (`simulator` with these simulator options, or `prebuilt`)
 * under tsx and waits until it listens. Rejects, with the child stopped, when it fails or
 * does not come up within 30 s.
 */
export async function startChildServer(
  kind: ServerKind,
  options: Readonly<Record<string, unknown>>,
): Promise<ChildServer> {
  const child = forkTsx(SCRIPTS[kind], [JSON.stringify(options)]);
  const pending = new Map<number, (message: ChildMessage) => void>();
  let nextId = 1;
  let exited: string | null = null;

  const ready = new Promise<{ url: string; monotonicOriginMs: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bench ${kind} server did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({ url: message.url, monotonicOriginMs: message.monotonicOriginMs });
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`bench ${kind} server failed to start: ${message.message}`));
      } else {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      exited = `bench ${kind} server exited (code ${code}, signal ${signal})`;
      reject(new Error(exited));
      for (const settle of pending.values()) settle({ type: 'error', id: 0, message: exited });
      pending.clear();
    });
  });

  let started: { url: string; monotonicOriginMs: number };
  try {
    started = await ready;
  } catch (error) {
    await stopChild(child);
    throw error;
  }

  const call = (build: (id: number) => ParentMessage): Promise<ChildMessage> => {
    if (exited !== null) return Promise.reject(new Error(exited));
    const id = nextId++;
    return new Promise<ChildMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`bench ${kind} server did not answer within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, (message) => {
        clearTimeout(timer);
        if (message.type === 'error') reject(new Error(message.message));
        else resolve(message);
      });
      child.send(build(id));
    });
  };

  return {
    kind,
    url: started.url,
    pid: child.pid ?? -1,
    monotonicOriginMs: started.monotonicOriginMs,
    async ping() {
      const sentMs = performance.now();
      const answer = await call((id) => ({ type: 'ping', id }));
      const receivedMs = performance.now();
      if (answer.type !== 'pong') throw new Error(`expected pong, got ${answer.type}`);
      return { sentMs, remoteMs: answer.nowMs, receivedMs };
    },
    async truth(responseIds) {
      const answer = await call((id) => ({ type: 'truth', id, responseIds: [...responseIds] }));
      if (answer.type !== 'truth') throw new Error(`expected truth, got ${answer.type}`);
      return answer.records;
    },
    async cpuMs() {
      const answer = await call((id) => ({ type: 'usage', id }));
      if (answer.type !== 'usage') throw new Error(`expected usage, got ${answer.type}`);
      return answer.cpuMs;
    },
    close: () => stopChild(child),
  };
}
