import { describe, it } from 'vitest';
import { useLoadScenario } from '../../helpers/scenario/load-scenario.js';

// Sends WORKLOAD (a fixture tag, a synthetic description or a dataset file) at STREAM_RPS;
// every test is skipped, with the reason, when WORKLOAD is unset. See docs/workload.md.
const load = useLoadScenario({ scenario: 'chat_stream', workload: true });
const { sla } = load.config;

describe('chat stream, WORKLOAD', () => {
  it(`fails fewer than ${sla.maxFailedRate * 100}% of requests`, (context) =>
    load.expectThreshold(context, 'http_req_failed', `rate<${sla.maxFailedRate}`));

  it(`p95 time to first token (status 200) < ${sla.streamShortTtftP95Ms} ms`, (context) =>
    load.expectThreshold(context, 'llm_ttft_ms{status:200}', `p(95)<${sla.streamShortTtftP95Ms}`));

  it(`drops at most ${sla.maxDroppedIterations} iterations`, (context) =>
    load.expectThreshold(context, 'dropped_iterations', `count<=${sla.maxDroppedIterations}`));

  it(load.baselineTestName, (context) => load.expectNoRegression(context));
});
