// Bench server child: the simulator in its own process, answering clock pings and truth
// queries over IPC. Started by child-server.ts; argv[2] is the simulator options as JSON.
import { startSimulator } from '../helpers/simulator/simulator.js';
import type { SimulatorOptions } from '../helpers/simulator/simulator-options.js';
import { cpuMs, sendToParent, serveParent } from './child-ipc.js';
import { monotonicOriginMs, type TruthSummary } from './ipc-protocol.js';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as Partial<SimulatorOptions>;
  const simulator = await startSimulator(options);
  serveParent(
    (message) => {
      switch (message.type) {
        case 'ping':
          return { type: 'pong', id: message.id, nowMs: performance.now() };
        case 'usage':
          return { type: 'usage', id: message.id, cpuMs: cpuMs(), nowMs: performance.now() };
        case 'truth': {
          const records: TruthSummary[] = [];
          for (const id of message.responseIds) {
            const record = simulator.truth.get(id);
            if (record === undefined) continue;
            records.push({
              id,
              eventMs: record.eventMs,
              queueMs: record.queueMs,
              outcome: record.outcome,
            });
          }
          return { type: 'truth', id: message.id, records };
        }
      }
    },
    () => simulator.close(),
  );
  sendToParent({ type: 'ready', url: simulator.url, monotonicOriginMs: monotonicOriginMs() });
}

main().catch((error: unknown) => {
  sendToParent({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
