// A fresh bench process for one case, forked by run-case-in-child.ts. argv: case name, mode,
// and `profile` when --profile was given.
// Sends one CaseResult over IPC, then exits; stops its servers on SIGTERM or when the
// parent goes away.
import type { BenchMode, CaseName, CaseResult } from './bench-case.js';
import { BENCH_CASES } from './cases/bench-cases.js';
import { stopAllChildren } from './child-processes.js';
import { runCase } from './run-case.js';

/** What a case worker sends its parent. */
export type CaseWorkerMessage = { type: 'result'; result: CaseResult };

const stop = (): void => {
  stopAllChildren().finally(() => process.exit(130));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.once('disconnect', stop);

async function main(): Promise<void> {
  const name = process.argv[2] as CaseName;
  const mode = process.argv[3] as BenchMode;
  const benchCase = BENCH_CASES[name];
  if (benchCase === undefined) throw new Error(`case-worker: no case named ${name}`);
  const result = await runCase(benchCase, mode, process.argv[4] === 'profile');
  const message: CaseWorkerMessage = { type: 'result', result };
  await new Promise<void>((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, () => resolve());
  });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    process.stderr.write(`case-worker: ${error instanceof Error ? error.stack : String(error)}\n`);
    await stopAllChildren();
    process.exit(1);
  },
);
