import {
  describeExpected,
  formatDefault,
  optionEnvName,
  optionFlag,
  SIMULATOR_OPTION_TABLE,
} from './simulator-option-table.js';

/** The `--help` text: every option with its variable, default, range and meaning. */
export function formatSimulatorHelp(): string {
  const rows = SIMULATOR_OPTION_TABLE.map((spec) => {
    const value = spec.kind === 'boolean' ? '' : ' <value>';
    return [
      `  ${optionFlag(spec.key)}${value}`,
      `      ${spec.doc} Default ${formatDefault(spec)}; ${describeExpected(spec)}; env ${optionEnvName(spec.key)}.`,
    ].join('\n');
  });
  return [
    'Usage: npm run simulator -- [options]',
    '',
    'Starts the embedded OpenAI-compatible LLM server simulator and prints its URL.',
    'Every option can also be set by its SIM_* environment variable in the test suite.',
    '',
    'Options:',
    ...rows,
    '  --help, -h',
    '      Show this help.',
    '',
  ].join('\n');
}
