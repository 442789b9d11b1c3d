import { describe, it } from 'vitest';
import { useLoadScenario } from '../../helpers/scenario/load-scenario.js';

const load = useLoadScenario({ scenario: 'chat_nonstream', prompt: 'cot' });
const { sla } = load.config;

describe('chat non-stream, chain-of-thought prompt', () => {
  it(`fails fewer than ${sla.maxFailedRate * 100}% of requests`, (context) =>
    load.expectThreshold(context, 'http_req_failed', `rate<${sla.maxFailedRate}`));

  it(`p95 request duration (status 200) < ${sla.nonstreamCotDurationP95Ms} ms`, (context) =>
    load.expectThreshold(
      context,
      'http_req_duration{status:200}',
      `p(95)<${sla.nonstreamCotDurationP95Ms}`,
    ));

  it(`drops at most ${sla.maxDroppedIterations} iterations`, (context) =>
    load.expectThreshold(context, 'dropped_iterations', `count<=${sla.maxDroppedIterations}`));

  it(load.baselineTestName, (context) => load.expectNoRegression(context));
});
