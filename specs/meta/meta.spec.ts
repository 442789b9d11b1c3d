import { describe, it } from 'vitest';
import { useLoadScenario } from '../../helpers/scenario/load-scenario.js';

// The seed's `meta` scenario: GET /v1/version (unless SKIP_VERSION_CHECK) then GET /v1/models
// per iteration, at META_RPS with the same stages as the chat scenarios.
const load = useLoadScenario({ scenario: 'meta' });
const { sla } = load.config;

describe('meta: GET /v1/version and /v1/models', () => {
  it(`fails fewer than ${sla.maxFailedRate * 100}% of requests`, (context) =>
    load.expectThreshold(context, 'http_req_failed', `rate<${sla.maxFailedRate}`));

  it(`p95 request duration (status 200) < ${sla.metaDurationP95Ms} ms`, (context) =>
    load.expectThreshold(
      context,
      'http_req_duration{status:200}',
      `p(95)<${sla.metaDurationP95Ms}`,
    ));

  it(`drops at most ${sla.maxDroppedIterations} iterations`, (context) =>
    load.expectThreshold(context, 'dropped_iterations', `count<=${sla.maxDroppedIterations}`));
});
