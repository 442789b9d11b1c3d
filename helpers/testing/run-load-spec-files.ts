import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { optionEnvName, SIMULATOR_OPTION_TABLE } from '../simulator/simulator-option-table.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** How one test case of the child run ended, as its junit.xml tells. */
export interface SpecCaseResult {
  /** `describe > it`, as Vitest names it in junit.xml. */
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  /** The failure message; '' unless failed. */
  failure: string;
}

/** What a child `vitest run --project load <specs>` did. */
export interface LoadSpecsRun {
  /** Exit code; null when it was killed. */
  exitCode: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  /** Every test case of junit.xml, in file order. */
  cases: SpecCaseResult[];
  /** RESULTS_DIR of the run. */
  resultsDir: string;
}

export interface RunLoadSpecsOptions {
  /** Spec files, relative to the repository root. */
  specs: readonly string[];
  /** RESULTS_DIR: a directory of its own per run, so concurrent runs never share files. */
  resultsDir: string;
  /** Knobs of this run (SIM_*, STREAM_RPS, SLA_*...); win over the defaults below. */
  env: Readonly<Record<string, string>>;
  /** The child is killed after this long, ms. */
  timeoutMs: number;
  /** Vitest projects to run; default `['load']`. */
  projects?: readonly string[];
}

/**
 * Runs real spec files in a child Vitest against the embedded simulator, as `npx vitest run
 * --project load` would, and reads back its exit code, output and junit.xml. The child gets
 * none of this run's VITEST_* variables and every SIM_* and BASE unset (also against a
 * developer's .env): only `options.env` shapes the run, and no two runs share a port or a
 * directory.
 */
export async function runLoadSpecs(options: RunLoadSpecsOptions): Promise<LoadSpecsRun> {
  const inherited: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const ours = name.startsWith('VITEST') || name.startsWith('SIM_');
    if (!ours && name !== 'NODE_ENV' && name !== 'TEST' && name !== 'BASE') inherited[name] = value;
  }
  // Empty is unset: these win over a developer's .env as well.
  const simulatorDefaults = Object.fromEntries(
    SIMULATOR_OPTION_TABLE.map((spec) => [optionEnvName(spec.key), '']),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...simulatorDefaults,
    BASE: '',
    BASELINE: '',
    API_KEY: '',
    LOADTEST_TOKEN: '',
    SIM_HOST: '127.0.0.1',
    SIM_PORT: '0',
    RESULTS_DIR: options.resultsDir,
    JUNIT: '1',
    CI: '',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...options.env,
  };
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      ...(options.projects ?? ['load']).flatMap((name) => ['--project', name]),
      ...options.specs,
    ],
    { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  // The child and its forked workers share a process group: a timeout ends them all, by its id.
  const timer = setTimeout(() => {
    output.push(`\n[runLoadSpecs] killed after ${options.timeoutMs} ms\n`);
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, options.timeoutMs);
  const exitCode = await new Promise<number | null>((done) => {
    child.on('close', (code) => done(code));
  });
  clearTimeout(timer);
  const junitPath = join(options.resultsDir, 'junit.xml');
  return {
    exitCode,
    output: output.join(''),
    cases: existsSync(junitPath) ? parseJunitCases(readFileSync(junitPath, 'utf8')) : [],
    resultsDir: options.resultsDir,
  };
}

/** The test cases of a Vitest junit.xml (only what these tests read of it). */
export function parseJunitCases(xml: string): SpecCaseResult[] {
  return xml
    .split('<testcase ')
    .slice(1)
    .map((block) => {
      const body = block.slice(0, block.indexOf('</testcase>'));
      const name = unescapeXml(/ name="([^"]*)"/.exec(body)?.[1] ?? '');
      const failure = /<(?:failure|error) message="([^"]*)"/.exec(body);
      if (failure) return { name, status: 'failed', failure: unescapeXml(failure[1] ?? '') };
      return { name, status: body.includes('<skipped') ? 'skipped' : 'passed', failure: '' };
    });
}

function unescapeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}
