import { fileURLToPath } from 'node:url';
import type { BenchMode, CaseName, CaseResult } from './bench-case.js';
import type { CaseWorkerMessage } from './case-worker.js';
import { forkTsx, stopChild } from './child-processes.js';
import { watchMachineLoad } from './machine-load.js';

const WORKER = fileURLToPath(new URL('./case-worker.ts', import.meta.url));
/** No case runs this long in full mode; a hung one is stopped and counts as crashed. */
const CASE_TIMEOUT_MS = 15 * 60_000;

/**
 * Runs one case in a fresh bench process (case-worker.ts), so no case inherits another's
 * JIT and heap state: a case's figures are the same whether it runs alone (`--case`) or
 * after the others. The worker's exit without a result, or the timeout, gives `crashed`.
 */
export function runCaseInChild(
  name: CaseName,
  title: string,
  mode: BenchMode,
  profile = false,
): Promise<CaseResult> {
  const startMs = performance.now();
  const watch = watchMachineLoad();
  const child = forkTsx(WORKER, [name, mode, ...(profile ? ['profile'] : [])]);
  return new Promise<CaseResult>((resolve) => {
    let result: CaseResult | null = null;
    const crashed = (error: string): CaseResult => ({
      status: 'crashed',
      name,
      title,
      durationMs: performance.now() - startMs,
      machine: watch.end(),
      error,
    });
    const timer = setTimeout(() => {
      result ??= crashed(`the case did not finish within ${CASE_TIMEOUT_MS / 60_000} minutes`);
      stopChild(child);
    }, CASE_TIMEOUT_MS);
    child.on('message', (raw) => {
      const message = raw as CaseWorkerMessage;
      if (message.type === 'result') result = message.result;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(
        result ??
          crashed(`the case process exited (code ${code}, signal ${signal}) without a result`),
      );
    });
  });
}
