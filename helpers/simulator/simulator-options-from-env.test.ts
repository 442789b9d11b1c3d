import { describe, expect, it } from 'vitest';
import { simulatorOptionsFromEnv } from './simulator-options-from-env.js';

describe('simulatorOptionsFromEnv', () => {
  it('reads SIM_* variables into typed options', () => {
    const result = simulatorOptionsFromEnv({
      SIM_SLOTS: '16',
      SIM_PREFILL_BASE_MS: '12.5',
      SIM_EXTRA_TTFT_MS: '300',
      SIM_REASONING: 'true',
      SIM_MODELS: 'a,b',
      SIM_FAULT_STATUS_503_RATE: '0.1',
      PATH: '/usr/bin',
    });
    expect(result).toEqual({
      options: {
        slots: 16,
        prefillBaseMs: 12.5,
        extraTtftMs: 300,
        reasoning: true,
        models: ['a', 'b'],
        faultStatus503Rate: 0.1,
      },
      problems: [],
    });
  });

  it('treats empty variables as unset', () => {
    expect(simulatorOptionsFromEnv({ SIM_SLOTS: '' })).toEqual({ options: {}, problems: [] });
  });

  it('names the variable, the bad value and what is expected', () => {
    expect(simulatorOptionsFromEnv({ SIM_DECODE_BASE_MS: 'fast' }).problems).toEqual([
      'SIM_DECODE_BASE_MS: got "fast"; expected a number from 0 to 60000 (default 10)',
    ]);
  });

  it('reports unknown SIM_ variables so typos are not silently ignored', () => {
    const { problems } = simulatorOptionsFromEnv({ SIM_SLOT: '4' });
    expect(problems[0]).toContain('SIM_SLOT: not a simulator variable');
  });

  it('names the variables when fault rates add up to more than 1', () => {
    const { problems } = simulatorOptionsFromEnv({
      SIM_FAULT_CUT_RATE: '0.6',
      SIM_FAULT_STALL_RATE: '0.6',
    });
    expect(problems[0]).toContain('SIM_FAULT_CUT_RATE 0.6 + SIM_FAULT_STALL_RATE 0.6');
  });
});
