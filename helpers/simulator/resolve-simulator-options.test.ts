import { describe, expect, it } from 'vitest';
import { resolveSimulatorOptions, SimulatorOptionsError } from './resolve-simulator-options.js';
import { DEFAULT_SIMULATOR_OPTIONS } from './simulator-options.js';

describe('resolveSimulatorOptions', () => {
  it('fills every unset option with its default', () => {
    expect(resolveSimulatorOptions({ slots: 3 })).toEqual({
      ...DEFAULT_SIMULATOR_OPTIONS,
      slots: 3,
    });
  });

  it('serves jan-v1-4b on 127.0.0.1 with an ephemeral port by default', () => {
    expect(resolveSimulatorOptions()).toMatchObject({
      models: ['jan-v1-4b'],
      host: '127.0.0.1',
      port: 0,
    });
  });

  it('throws one error listing every bad option', () => {
    try {
      resolveSimulatorOptions({ slots: 0, seed: 1.5, flavor: 'x' as 'openai' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SimulatorOptionsError);
      const { problems, code } = error as SimulatorOptionsError;
      expect(code).toBe('SIM_ERR_OPTIONS');
      expect(problems).toHaveLength(3);
      expect(problems).toContain('slots: got 0; expected an integer from 1 to 100000 (default 32)');
    }
  });

  it('rejects an unknown option name', () => {
    expect(() => resolveSimulatorOptions({ slot: 2 } as never)).toThrow(
      /slot: not a simulator option/,
    );
  });

  it('hides the API key when it has the wrong type', () => {
    expect(() => resolveSimulatorOptions({ apiKey: 42 as never })).toThrow(
      /apiKey: got \(hidden\)/,
    );
  });
});
