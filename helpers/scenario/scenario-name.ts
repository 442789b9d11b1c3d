import type { LoadConfig } from '../config/suite-config.js';

/** The scenarios of the seed script: two chat scenarios and `meta` (GET version + models). */
export type ScenarioName = 'chat_stream' | 'chat_nonstream' | 'meta';

/** Whether a scenario streams (SSE) or waits for the whole answer. */
export function isStreamScenario(scenario: ScenarioName): boolean {
  return scenario === 'chat_stream';
}

/** The target arrival rate of a scenario and the variable that sets it. */
export function scenarioRate(
  load: LoadConfig,
  scenario: ScenarioName,
): { ratePerSec: number; variable: 'STREAM_RPS' | 'NONSTREAM_RPS' | 'META_RPS' } {
  switch (scenario) {
    case 'chat_stream':
      return { ratePerSec: load.streamRatePerSec, variable: 'STREAM_RPS' };
    case 'chat_nonstream':
      return { ratePerSec: load.nonstreamRatePerSec, variable: 'NONSTREAM_RPS' };
    case 'meta':
      return { ratePerSec: load.metaRatePerSec, variable: 'META_RPS' };
  }
}
