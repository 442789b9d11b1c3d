import { describe, expect, it } from 'vitest';
import { resolveSimulatorOptions, SimulatorOptionsError } from './resolve-simulator-options.js';
import { DEFAULT_SIMULATOR_OPTIONS } from './simulator-options.js';

describe('resolveSimulatorOptions', () => {
  it('fills every unset option with its default', () => {
    // Written out, not spread from DEFAULT_SIMULATOR_OPTIONS: the defaults are what is tested
    // (docs/simulator.md's option table states the same values).
    expect(resolveSimulatorOptions({ slots: 3 })).toEqual({
      host: '127.0.0.1',
      port: 0,
      models: ['jan-v1-4b'],
      apiKey: '',
      flavor: 'openai',
      slots: 3,
      queueLimit: 0,
      prefillBaseMs: 20,
      prefillPerTokenMs: 0.05,
      extraTtftMs: 0,
      decodeBaseMs: 10,
      decodePerActiveMs: 0.1,
      outputTokens: 64,
      cotOutputTokens: 256,
      outputTokensJitter: 0.25,
      contextTokens: 32768,
      tokensPerEvent: 1,
      reasoning: false,
      reasoningShare: 0.5,
      nonStreamHeadersAt: 'admit',
      seed: 1,
      truthLogLimit: 10000,
      faultStatus500Rate: 0,
      faultStatus503Rate: 0,
      faultStatus429Rate: 0,
      faultRetryAfterMs: 1000,
      faultCutRate: 0,
      faultMalformedRate: 0,
      faultStallRate: 0,
      faultStallMs: 2000,
      tls: false,
      tlsCert: '',
      tlsKey: '',
    });
  });

  it('refuses a TLS certificate without its key, naming both options', () => {
    expect(() => resolveSimulatorOptions({ tlsCert: '/tmp/cert.pem' })).toThrow(
      /tlsCert and tlsKey go together/,
    );
  });

  it('starts from DEFAULT_SIMULATOR_OPTIONS, which it does not change', () => {
    const before = structuredClone(DEFAULT_SIMULATOR_OPTIONS);
    expect(resolveSimulatorOptions()).toEqual(before);
    expect(DEFAULT_SIMULATOR_OPTIONS).toEqual(before);
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
