import { describe, it } from 'vitest';
import { useCapacitySearch } from '../../helpers/capacity/use-capacity-search.js';

// The SLAs of specs/nonstream/short.spec.ts, from the same knobs, searched over load.
const capacity = useCapacitySearch({ scenario: 'chat_nonstream', prompt: 'short' });
const { sla } = capacity.config;
capacity.holds('http_req_failed', `rate<${sla.maxFailedRate}`);
capacity.holds('http_req_duration{status:200}', `p(95)<${sla.nonstreamShortDurationP95Ms}`);
capacity.holds('dropped_iterations', `count<=${sla.maxDroppedIterations}`);

describe('capacity: chat non-stream, short prompt', () => {
  it(`sustains at least ${capacity.minLabel} within the SLAs`, (context) =>
    capacity.expectSustains(context));
});
