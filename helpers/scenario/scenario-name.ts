import type { LoadConfig } from '../config/suite-config.js';

/** The two load scenarios of the seed script. */
export type ScenarioName = 'chat_stream' | 'chat_nonstream';

/** Whether a scenario streams (SSE) or waits for the whole answer. */
export function isStreamScenario(scenario: ScenarioName): boolean {
  return scenario === 'chat_stream';
}

/** The target arrival rate of a scenario and the variable that sets it. */
export function scenarioRate(
  load: LoadConfig,
  scenario: ScenarioName,
): { ratePerSec: number; variable: 'STREAM_RPS' | 'NONSTREAM_RPS' } {
  return scenario === 'chat_stream'
    ? { ratePerSec: load.streamRatePerSec, variable: 'STREAM_RPS' }
    : { ratePerSec: load.nonstreamRatePerSec, variable: 'NONSTREAM_RPS' };
}
