import { describe, expect, it } from 'vitest';
import { formatSimulatorHelp } from './format-simulator-help.js';
import { parseSimulatorArgs } from './parse-simulator-args.js';
import { optionEnvName, optionFlag, SIMULATOR_OPTION_TABLE } from './simulator-option-table.js';

describe('parseSimulatorArgs', () => {
  it('reads flags with separate and inline values', () => {
    const parsed = parseSimulatorArgs(['--port', '8080', '--slots=4', '--flavor', 'llamacpp']);
    expect(parsed).toEqual({
      options: { port: 8080, slots: 4, flavor: 'llamacpp' },
      problems: [],
      help: false,
    });
  });

  it('reads booleans as bare flags, --no- flags and explicit values', () => {
    expect(parseSimulatorArgs(['--reasoning']).options).toEqual({ reasoning: true });
    expect(parseSimulatorArgs(['--no-reasoning']).options).toEqual({ reasoning: false });
    expect(parseSimulatorArgs(['--reasoning=false']).options).toEqual({ reasoning: false });
  });

  it('reads a comma-separated model list and fractional numbers', () => {
    const parsed = parseSimulatorArgs(['--models', 'a, b', '--fault-cut-rate', '0.25']);
    expect(parsed.options).toEqual({ models: ['a', 'b'], faultCutRate: 0.25 });
  });

  it('names the flag, the bad value and what is expected', () => {
    expect(parseSimulatorArgs(['--slots', 'abc']).problems).toEqual([
      '--slots: got "abc"; expected an integer from 1 to 100000 (default 32)',
    ]);
  });

  it('rejects an out-of-range value', () => {
    expect(parseSimulatorArgs(['--fault-cut-rate', '1.5']).problems[0]).toContain(
      'expected a number from 0 to 1',
    );
  });

  it('lists every problem at once', () => {
    const parsed = parseSimulatorArgs(['--bogus', '1', '--port', '-1', '--flavor', 'x']);
    expect(parsed.problems).toHaveLength(4);
    expect(parsed.problems[0]).toContain('--bogus: unknown option');
    expect(parsed.problems[1]).toContain('"1": unexpected argument');
  });

  it('reports a flag without its value', () => {
    expect(parseSimulatorArgs(['--port']).problems).toEqual([
      '--port: missing value; expected an integer from 0 to 65535',
    ]);
  });

  it('rejects fault rates that add up to more than 1', () => {
    const parsed = parseSimulatorArgs([
      '--fault-cut-rate',
      '0.7',
      '--fault-status-500-rate',
      '0.5',
    ]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toContain('fault rates add up to 1.2');
  });

  it('never echoes an API key in a problem', () => {
    // A key is any text, so only the list check can fail; force it through a bad neighbour.
    const parsed = parseSimulatorArgs(['--api-key', 'sk-secret', '--slots', 'x']);
    expect(parsed.problems.join('\n')).not.toContain('sk-secret');
    expect(parsed.options.apiKey).toBe('sk-secret');
  });

  it('recognises --help', () => {
    expect(parseSimulatorArgs(['-h']).help).toBe(true);
  });
});

describe('formatSimulatorHelp', () => {
  it('lists every option with its flag and variable', () => {
    const help = formatSimulatorHelp();
    for (const spec of SIMULATOR_OPTION_TABLE) {
      expect(help).toContain(optionFlag(spec.key));
      expect(help).toContain(optionEnvName(spec.key));
    }
    // The names themselves, written out rather than derived by the code under test.
    for (const name of [
      '--prefill-base-ms',
      'SIM_PREFILL_BASE_MS',
      '--fault-status-503-rate',
      'SIM_FAULT_STATUS_503_RATE',
      '--non-stream-headers-at',
      'SIM_NON_STREAM_HEADERS_AT',
      '--api-key',
      'SIM_API_KEY',
    ]) {
      expect(help).toContain(name);
    }
  });
});
