import type { TestProject } from 'vitest/node';
import { ConfigError } from '../config/config-error.js';
import { envFileProblems } from '../config/env-file-problems.js';
import { loadEnvironment } from '../config/load-environment.js';
import { readSuiteConfig } from '../config/suite-config.js';
import type { Simulator } from '../simulator/simulator.js';
import { simulatorOptionsFromEnv } from '../simulator/simulator-options-from-env.js';
import { loadWorkload } from '../workload/load-workload.js';
import { runIdOfThisProcess } from './run-id.js';
import type { ProvidedTarget } from './target.js';

/**
 * Runs once per Vitest project that talks to a server, before any spec: validates every knob
 * and every line of `.env` (all problems at once, before the first request), then either
 * points the specs at BASE or starts the embedded simulator on 127.0.0.1 and hands its URL
 * to them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = loadEnvironment();
  // START_AT is checked against now here, before the run; later readers check its form only.
  const result = readSuiteConfig(env, { startAtNowEpochMs: Date.now() });
  const simulatorEnv = simulatorOptionsFromEnv(env);
  const usesSimulator = result.ok ? result.config.target.baseUrl === null : !env.BASE?.trim();
  const simulatorProblems = usesSimulator ? simulatorEnv.problems : [];
  // A bad WORKLOAD (an unknown key, a bad dataset line) stops the run before any request.
  const workload = result.ok ? result.config.load.workload : null;
  const workloadResult =
    workload === null
      ? null
      : loadWorkload(workload, { skipBad: result.ok && result.config.load.workloadSkipBad });
  const workloadProblems = workloadResult?.ok === false ? workloadResult.problems : [];
  // Lines of .env that dotenv ignored would otherwise be settings silently lost.
  const problems = [...envFileProblems(), ...(result.ok ? [] : result.problems)];
  if (
    !result.ok ||
    problems.length > 0 ||
    simulatorProblems.length > 0 ||
    workloadProblems.length > 0
  ) {
    exitOnConfigError(new ConfigError(problems, [...simulatorProblems, ...workloadProblems]));
  }
  const { target } = result.config;

  let simulator: Simulator | null = null;
  let baseUrl = target.baseUrl;
  if (baseUrl === null) {
    // Imported only when used: against BASE, the main process never loads the simulator.
    const { startSimulator } = await import('../simulator/simulator.js');
    simulator = await startSimulator({
      ...simulatorEnv.options,
      models: simulatorEnv.options.models ?? [target.model],
      // The simulator checks the key like a real server would, so auth paths are exercised.
      ...(target.apiKey === null ? {} : { apiKey: target.apiKey }),
    });
    baseUrl = simulator.url;
    // SIM_TLS=1 alone: the spec workers, forked after this, trust the certificate made just
    // now (Node reads NODE_EXTRA_CA_CERTS at start). One given by the user is kept.
    if (simulator.tlsCertPath !== null && !process.env.NODE_EXTRA_CA_CERTS) {
      process.env.NODE_EXTRA_CA_CERTS = simulator.tlsCertPath;
    }
  }
  const provided: ProvidedTarget = { baseUrl, simulated: simulator !== null };
  project.provide('target', provided);
  project.provide('runId', runIdOfThisProcess());

  return async () => {
    await simulator?.close();
  };
}

/**
 * Prints the configuration problems once and ends the run, before any worker, simulator or
 * request: thrown from here, Vitest would print them as an unhandled error with its
 * serialized fields, after a misleading "No test files found". Standard error is written
 * synchronously on Linux (files, pipes, terminals), so nothing is lost to the exit.
 */
function exitOnConfigError(error: ConfigError): never {
  process.stderr.write(`\n${error.message}\n\n`);
  process.exit(1);
}
