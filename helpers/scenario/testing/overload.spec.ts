import { describe, it } from 'vitest';
import { constantArrivalRate } from '../../load/arrival-schedule.js';
import { useLoadScenario } from '../load-scenario.js';

// Run only by worker-lifecycle.process.test.ts (through overload.vitest.config.ts): a plan far
// faster than one process can start requests, stated in code so no config limit refuses it.
// 1e9 arrivals/s for a minute keeps the arrival loop behind schedule for the whole run.
const load = useLoadScenario({
  scenario: 'chat_stream',
  prompt: 'short',
  schedule: constantArrivalRate(1e9, 60_000),
});

describe('chat stream at a rate no process can keep', () => {
  it('fails fewer than 2% of requests', (context) =>
    load.expectThreshold(context, 'http_req_failed', 'rate<0.02'));
});
