import { describe, it } from 'vitest';
import { useLoadScenario } from '../../helpers/scenario/load-scenario.js';

// Sends WORKLOAD (a fixture tag, a synthetic description or a dataset file) at NONSTREAM_RPS;
// every test is skipped, with the reason, when WORKLOAD is unset. See docs/workload.md.
const load = useLoadScenario({ scenario: 'chat_nonstream', workload: true });
const { sla } = load.config;

describe('chat non-stream, WORKLOAD', () => {
  it(`fails fewer than ${sla.maxFailedRate * 100}% of requests`, (context) =>
    load.expectThreshold(context, 'http_req_failed', `rate<${sla.maxFailedRate}`));

  it(`p95 request duration (status 200) < ${sla.nonstreamShortDurationP95Ms} ms`, (context) =>
    load.expectThreshold(
      context,
      'http_req_duration{status:200}',
      `p(95)<${sla.nonstreamShortDurationP95Ms}`,
    ));

  it(`drops at most ${sla.maxDroppedIterations} iterations`, (context) =>
    load.expectThreshold(context, 'dropped_iterations', `count<=${sla.maxDroppedIterations}`));

  it(load.baselineTestName, (context) => load.expectNoRegression(context));
});
