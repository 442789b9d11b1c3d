import { describe, it } from 'vitest';
import { useCapacitySearch } from '../../helpers/capacity/use-capacity-search.js';

// The SLAs of specs/stream/short.spec.ts, from the same knobs, searched over load.
const capacity = useCapacitySearch({ scenario: 'chat_stream', prompt: 'short' });
const { sla } = capacity.config;
capacity.holds('http_req_failed', `rate<${sla.maxFailedRate}`);
capacity.holds('llm_ttft_ms{status:200}', `p(95)<${sla.streamShortTtftP95Ms}`);
capacity.holds('dropped_iterations', `count<=${sla.maxDroppedIterations}`);

describe('capacity: chat stream, short prompt', () => {
  it(`sustains at least ${capacity.minLabel} within the SLAs`, (context) =>
    capacity.expectSustains(context));
});
