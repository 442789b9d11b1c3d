import { parse } from 'yaml';
import { parseSimulatorArgs } from '../../helpers/simulator/parse-simulator-args.js';
import type { DockerfileFacts } from './dockerfile-problems.js';
import { SECRET_KNOBS } from './knob-names.js';
import { npmCommandProblems, type PackageJson } from './npm-command-problems.js';
import { secretLiteralProblems } from './secret-literals.js';

export interface ComposeCheckInput {
  compose: string;
  dockerfile: DockerfileFacts;
  packageJson: PackageJson;
  knobNames: ReadonlySet<string>;
}

interface Service {
  build?: string | { context?: string; args?: Record<string, string> };
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string };
  volumes?: string[];
}

/** Every problem of compose.yaml: a simulator and the suite pointed at it. */
export function composeProblems(input: ComposeCheckInput): string[] {
  const problems = secretLiteralProblems('compose.yaml', input.compose);
  let file: { services?: Record<string, Service>; volumes?: Record<string, unknown> };
  try {
    file = parse(input.compose) ?? {};
  } catch (error) {
    return [`compose.yaml: not YAML: ${error instanceof Error ? error.message : String(error)}`];
  }
  const simulator = file.services?.simulator;
  const suite = file.services?.suite;
  if (simulator === undefined || suite === undefined)
    return [
      `compose.yaml: services simulator and suite expected, got ${Object.keys(file.services ?? {}).join(', ')}`,
    ];

  for (const [name, service] of [
    ['simulator', simulator],
    ['suite', suite],
  ] as const) {
    const context = typeof service.build === 'string' ? service.build : service.build?.context;
    if (context !== '.')
      problems.push(
        `compose.yaml: ${name} must build the repository's Dockerfile (build context .)`,
      );
  }

  // The simulator: an npm script, with arguments the simulator accepts, listening beyond loopback.
  const command = Array.isArray(simulator.command) ? simulator.command : null;
  if (command === null) problems.push('compose.yaml: simulator command must be a list');
  let port: number | null = null;
  if (command !== null) {
    problems.push(
      ...npmCommandProblems('compose.yaml: simulator', command.join(' '), input.packageJson),
    );
    const separator = command.indexOf('--');
    if (command.slice(0, 3).join(' ') !== 'npm run simulator' || separator !== 3)
      problems.push('compose.yaml: simulator command must be npm run simulator -- OPTIONS');
    const parsed = parseSimulatorArgs(command.slice(separator + 1));
    problems.push(...parsed.problems.map((p) => `compose.yaml: simulator: ${p}`));
    if (parsed.options.host !== '0.0.0.0')
      problems.push(
        `compose.yaml: simulator --host ${parsed.options.host}: other containers reach only 0.0.0.0`,
      );
    port = parsed.options.port ?? null;
  }
  if (simulator.healthcheck?.test === undefined)
    problems.push(
      'compose.yaml: simulator needs a healthcheck, so the suite starts once it answers',
    );

  // The suite: the image's command, pointed at the simulator's service name and port.
  if (suite.command !== undefined)
    problems.push("compose.yaml: suite must run the image's command (no command)");
  if (input.dockerfile.command === null)
    problems.push('compose.yaml: the Dockerfile has no CMD to run');
  const env = Array.isArray(suite.environment)
    ? Object.fromEntries(suite.environment.map((e) => e.split(/=(.*)/s).slice(0, 2)))
    : (suite.environment ?? {});
  if (env.BASE !== `http://simulator:${port}`)
    problems.push(`compose.yaml: suite BASE ${env.BASE} must be http://simulator:${port}`);
  for (const name of Object.keys(env)) {
    if (!input.knobNames.has(name))
      problems.push(`compose.yaml: suite env ${name} is not a knob the suite reads`);
    if (SECRET_KNOBS.includes(name) && !/^\$\{\w+\}$/.test(String(env[name])))
      problems.push(
        `compose.yaml: suite env ${name} is a secret: pass it from the shell as \${${name}}`,
      );
  }
  const dependsOn = suite.depends_on;
  const condition = Array.isArray(dependsOn) ? undefined : dependsOn?.simulator?.condition;
  if (condition !== 'service_healthy')
    problems.push('compose.yaml: suite must depend on simulator with condition service_healthy');
  const resultsDir = input.dockerfile.env.get('RESULTS_DIR');
  const mountsResults = (suite.volumes ?? []).some((v) => v.split(':')[1] === resultsDir);
  if (!mountsResults)
    problems.push(`compose.yaml: suite must mount a volume at RESULTS_DIR ${resultsDir}`);
  return problems;
}
