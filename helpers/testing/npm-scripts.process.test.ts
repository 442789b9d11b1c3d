import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/simulator.js';
import { optionEnvName, SIMULATOR_OPTION_TABLE } from '../simulator/simulator-option-table.js';
import { parseJunitCases } from './run-load-spec-files.js';

const ROOT = resolve(import.meta.dirname, '../..');
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

const dirs: string[] = [];
let simulator: Simulator | null = null;
afterAll(async () => {
  await simulator?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `npm run <script>` in a child, with a tiny profile; its exit code, output and junit cases. */
async function npmRun(script: string, env: Record<string, string>) {
  const resultsDir = mkdtempSync(join(tmpdir(), `npm-${script.replace(':', '-')}-`));
  dirs.push(resultsDir);
  const inherited: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      !name.startsWith('VITEST') &&
      !name.startsWith('SIM_') &&
      name !== 'NODE_ENV' &&
      name !== 'TEST'
    )
      inherited[name] = value;
  }
  const simulatorDefaults = Object.fromEntries(
    SIMULATOR_OPTION_TABLE.map((spec) => [optionEnvName(spec.key), '']),
  );
  const child = spawn('npm', ['run', '--silent', script], {
    cwd: ROOT,
    env: {
      ...inherited,
      ...simulatorDefaults,
      BASE: '',
      API_KEY: '',
      LOADTEST_TOKEN: '',
      BASELINE: '',
      WORKLOAD: '',
      RESULTS_DIR: resultsDir,
      JUNIT: '1',
      NO_COLOR: '1',
      STREAM_RPS: '4',
      NONSTREAM_RPS: '4',
      META_RPS: '2',
      START_RATE: '0',
      RAMP_UP: '0s',
      HOLD: '2s',
      RAMP_DOWN: '0s',
      MIN_SAMPLES: '2',
      ...env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const timer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, 140_000);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearTimeout(timer);
  const junit = readFileSync(join(resultsDir, 'junit.xml'), 'utf8');
  return { code, output: output.join(''), cases: parseJunitCases(junit), resultsDir };
}

describe('npm scripts for the usual runs', () => {
  it('run the commands the README lists', () => {
    expect(scripts['specs:stream']).toBe('vitest run specs/smoke specs/stream');
    expect(scripts['specs:nonstream']).toBe('vitest run specs/smoke specs/nonstream');
    // Shell defaults (NAME=${NAME:-value}): a variable set in the shell wins.
    const shellDefault = (name: string, value: string) => `${name}=$\{${name}:-${value}}`;
    expect(scripts['specs:quick']).toBe(
      `${shellDefault('RAMP_UP', '5s')} ${shellDefault('HOLD', '20s')} ` +
        `${shellDefault('RAMP_DOWN', '5s')} vitest run --project smoke --project load`,
    );
    expect(scripts['specs:ci']).toBe(
      `${shellDefault('CI', 'true')} ${shellDefault('JUNIT', '1')} vitest run --project smoke --project load`,
    );
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of ['specs:stream', 'specs:nonstream', 'specs:quick', 'specs:ci']) {
      expect(readme).toContain(`npm run ${name}\``);
    }
  });

  it('specs:stream runs the smoke checks and the stream specs, and nothing else', {
    timeout: 150_000,
  }, async () => {
    const run = await npmRun('specs:stream', {});
    expect(run.code, run.output).toBe(0);
    const names = run.cases.map((c) => c.name);
    expect(names.some((n) => n.startsWith('smoke: GET /v1/models'))).toBe(true);
    expect(names.filter((n) => n.startsWith('chat stream, short prompt')).length).toBeGreaterThan(
      0,
    );
    expect(
      names.filter((n) => n.startsWith('chat stream, chain-of-thought prompt')).length,
    ).toBeGreaterThan(0);
    expect(names.some((n) => n.startsWith('chat non-stream') || n.startsWith('meta'))).toBe(false);
  });

  it('specs:nonstream runs the smoke checks and the non-stream specs, and nothing else', {
    timeout: 150_000,
  }, async () => {
    const run = await npmRun('specs:nonstream', {});
    expect(run.code, run.output).toBe(0);
    const names = run.cases.map((c) => c.name);
    expect(names.some((n) => n.startsWith('smoke: GET /v1/models'))).toBe(true);
    expect(
      names.filter((n) => n.startsWith('chat non-stream, short prompt')).length,
    ).toBeGreaterThan(0);
    expect(
      names.filter((n) => n.startsWith('chat non-stream, chain-of-thought prompt')).length,
    ).toBeGreaterThan(0);
    expect(names.some((n) => n.startsWith('chat stream') || n.startsWith('meta'))).toBe(false);
  });

  it('specs:ci runs every spec and writes junit.xml with CI and JUNIT unset in the shell', {
    timeout: 150_000,
  }, async () => {
    // Empty is unset: the script's own CI=true and JUNIT=1 make the junit.xml that npmRun reads.
    const run = await npmRun('specs:ci', { CI: '', JUNIT: '' });
    expect(run.code, run.output).toBe(0);
    const names = run.cases.map((c) => c.name);
    for (const prefix of ['smoke: GET /v1/models', 'chat stream', 'chat non-stream', 'meta']) {
      expect(
        names.some((n) => n.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  it('specs:quick runs every spec against BASE, with the stage knobs from the shell', {
    timeout: 150_000,
  }, async () => {
    simulator = await startSimulator({
      models: ['jan-v1-4b'],
      outputTokens: 4,
      cotOutputTokens: 8,
    });
    const run = await npmRun('specs:quick', { BASE: simulator.url, SKIP_VERSION_CHECK: '1' });
    expect(run.code, run.output).toBe(0);
    const summary = JSON.parse(readFileSync(join(run.resultsDir, 'summary.json'), 'utf8')) as {
      suite: {
        scenarios: { scenario: string; prompt: string; requests: number; baseUrl: string }[];
      };
    };
    const ran = summary.suite.scenarios.filter((s) => s.requests > 0);
    expect(ran.map((s) => `${s.scenario}/${s.prompt}`).sort()).toEqual([
      'chat_nonstream/cot',
      'chat_nonstream/short',
      'chat_stream/cot',
      'chat_stream/short',
      'meta/endpoints',
    ]);
    // HOLD=2s from the shell, not the script's 20 s: 8 arrivals at 4/s; meta 4 x 1 GET.
    expect(ran.find((s) => s.scenario === 'chat_stream')?.requests).toBe(8);
    expect(ran.find((s) => s.scenario === 'meta')?.requests).toBe(4);
    expect(ran.every((s) => s.baseUrl === simulator?.url)).toBe(true);
  });
});
