import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/** A loopback port where a new TCP connect hangs: the listener's accept queue is full. */
export interface StalledListener {
  url: string;
  close(): Promise<void>;
}

/** Longest the listener's thread stays blocked if `close()` is never called, ms. */
const MAX_BLOCKED_MS = 30_000;
/** Fillers tried before giving up: a backlog of 1 holds 2 on Linux. */
const MAX_FILLERS = 16;
/** A filler not connected within this time was dropped: the queue is full. */
const FILLER_CONNECT_MS = 100;

// Plain JS for `eval`: the worker listens, reports its port, then blocks its own event loop
// so nothing accepts; the kernel queues `backlog` + 1 connections and then drops SYNs.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createServer } = require('node:net');
const server = createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData.release), 0, 0, workerData.maxBlockedMs);
  server.close();
});
`;

/**
 * Starts a listener on 127.0.0.1 whose accept queue is full, so a TCP connect to it neither
 * succeeds nor fails (the SYN is dropped and retried by the kernel): the connect phase hangs
 * without any traffic leaving the machine. Throws if the queue could not be filled.
 */
export async function startStalledListener(): Promise<StalledListener> {
  const release = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { release, maxBlockedMs: MAX_BLOCKED_MS },
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const fillers: Socket[] = [];
  const close = async () => {
    for (const socket of fillers) socket.destroy();
    const flag = new Int32Array(release);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    await exited;
  };
  let saturated = false;
  for (let i = 0; i < MAX_FILLERS && !saturated; i++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    fillers.push(socket);
    saturated = !(await connectsWithin(socket, FILLER_CONNECT_MS));
  }
  if (!saturated) {
    await close();
    throw new Error(
      `startStalledListener: ${MAX_FILLERS} connections were all accepted; the accept queue never filled`,
    );
  }
  return { url: `http://127.0.0.1:${port}`, close };
}

function connectsWithin(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    let connected = false;
    socket.once('connect', () => {
      connected = true;
    });
    // Decide in the check phase, after the poll phase has run: if this thread was stalled
    // past `ms`, a connect that completed meanwhile is seen before the verdict.
    setTimeout(() => setImmediate(() => resolve(connected)), ms);
  });
}
