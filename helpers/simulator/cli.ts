import { formatSimulatorHelp } from './format-simulator-help.js';
import { parseSimulatorArgs } from './parse-simulator-args.js';
import { startSimulator } from './simulator.js';
import { optionFlag } from './simulator-option-table.js';

// Exit codes: 0 ok or --help, 1 could not start (e.g. port in use), 2 bad arguments.
const EXIT_START_FAILED = 1;
const EXIT_USAGE = 2;

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseSimulatorArgs(argv);
  if (parsed.help) {
    process.stdout.write(formatSimulatorHelp());
    return;
  }
  if (parsed.problems.length > 0) {
    process.stderr.write(
      `simulator: invalid arguments:\n  - ${parsed.problems.join('\n  - ')}\n` +
        'Run with --help to list the options.\n',
    );
    process.exitCode = EXIT_USAGE;
    return;
  }

  let simulator: Awaited<ReturnType<typeof startSimulator>>;
  try {
    simulator = await startSimulator(parsed.options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'EADDRINUSE' || code === 'EACCES'
        ? `${optionFlag('port')} ${parsed.options.port}: cannot listen (${code}); choose another port, or 0 for a free one`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`simulator: ${message}\n`);
    process.exitCode = EXIT_START_FAILED;
    return;
  }

  const { options } = simulator;
  process.stdout.write(
    `Simulator listening on ${simulator.url}\n` +
      `  OpenAI base URL: ${simulator.url}/v1\n` +
      `  models: ${options.models.join(', ')}; flavor ${options.flavor}; ${options.slots} slots; ` +
      `seed ${options.seed}; auth ${options.apiKey === '' ? 'off' : 'on'}\n` +
      (simulator.tlsCertPath === null
        ? ''
        : `  TLS certificate: ${simulator.tlsCertPath} (trust it with NODE_EXTRA_CA_CERTS=${simulator.tlsCertPath})\n`) +
      '  Stop with Ctrl+C.\n',
  );

  const stop = (signal: NodeJS.Signals): void => {
    process.stdout.write(`Simulator stopping (${signal}).\n`);
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(EXIT_START_FAILED),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main(process.argv.slice(2));
