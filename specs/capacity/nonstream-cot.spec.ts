import { describe, it } from 'vitest';
import { useCapacitySearch } from '../../helpers/capacity/use-capacity-search.js';

// The SLAs of specs/nonstream/cot.spec.ts, from the same knobs, searched over load.
const capacity = useCapacitySearch({ scenario: 'chat_nonstream', prompt: 'cot' });
const { sla } = capacity.config;
capacity.holds('http_req_failed', `rate<${sla.maxFailedRate}`);
capacity.holds('http_req_duration{status:200}', `p(95)<${sla.nonstreamCotDurationP95Ms}`);
capacity.holds('dropped_iterations', `count<=${sla.maxDroppedIterations}`);

describe('capacity: chat non-stream, cot prompt', () => {
  it(`sustains at least ${capacity.minLabel} within the SLAs`, (context) =>
    capacity.expectSustains(context));
});
