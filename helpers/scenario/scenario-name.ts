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

/** How a scenario is loaded: arrivals at a rate (open model) or users back to back (closed). */
export type ScenarioLoad =
  | { model: 'arrivals'; ratePerSec: number; variable: 'STREAM_RPS' | 'NONSTREAM_RPS' | 'META_RPS' }
  | { model: 'users'; users: number };

/**
 * The load model of a scenario: users when its CONCURRENCY knob is set, else its rate. The
 * meta scenario always runs at its rate (META_RPS), as in the seed.
 */
export function scenarioLoad(load: LoadConfig, scenario: ScenarioName): ScenarioLoad {
  if (scenario === 'meta') return { model: 'arrivals', ...scenarioRate(load, scenario) };
  const users = scenario === 'chat_stream' ? load.streamConcurrency : load.nonstreamConcurrency;
  if (users !== null) return { model: 'users', users };
  return { model: 'arrivals', ...scenarioRate(load, scenario) };
}
