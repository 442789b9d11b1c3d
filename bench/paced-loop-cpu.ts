import { fileURLToPath } from 'node:url';
import { forkTsx, stopChild } from './child-processes.js';

/** One paced loop: our client + store, or a bare undici loop, at a constant arrival rate. */
export interface PacedLoopSpec {
  loop: 'ours' | 'bare';
  url: string;
  model: string;
  stream: boolean;
  maxTokens: number;
  ratePerSec: number;
  durationMs: number;
  /** The real clock's spin before each arrival, ms; the suite's default when unset (0: timers only). */
  spinMs?: number;
}

/** CPU of one paced loop's process while it ran (warm-up excluded). */
export interface PacedLoopResult {
  loop: 'ours' | 'bare';
  stream: boolean;
  ratePerSec: number;
  spinMs: number;
  requests: number;
  failures: number;
  cpuMs: number;
  cpuMsPerRequest: number;
}

const CHILD = fileURLToPath(new URL('./paced-loop-cpu-child.ts', import.meta.url));

/**
 * Runs one paced loop in a fresh process (so its CPU is its own) and resolves with its CPU per
 * request. The loops share the suite's scheduler (startArrivals, even arrivals, the real
 * clock's spin), so the bare one is the floor of the same pacing with the thinnest client.
 */
export function measurePacedLoop(spec: PacedLoopSpec): Promise<PacedLoopResult> {
  const child = forkTsx(CHILD, [JSON.stringify(spec)]);
  return new Promise<PacedLoopResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(
        new Error(`paced ${spec.loop} loop did not end within ${spec.durationMs + 60_000} ms`),
      );
    }, spec.durationMs + 60_000);
    child.on('message', (raw) => {
      const message = raw as
        | { type: 'result'; result: PacedLoopResult }
        | { type: 'error'; message: string };
      clearTimeout(timer);
      if (message.type === 'result') resolve(message.result);
      else reject(new Error(`paced ${spec.loop} loop failed: ${message.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`paced ${spec.loop} loop exited with code ${code} before its result`));
    });
  });
}
