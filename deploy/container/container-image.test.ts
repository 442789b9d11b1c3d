import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Builds the image and runs it for real: minutes, so only with CONTAINER_TEST=1 (docs/deploy.md).
const ROOT = resolve(import.meta.dirname, '..', '..');
const BASE_IMAGE = process.env.CONTAINER_BASE_IMAGE ?? 'localhost/llm-perf-specs-base:node20';
const IMAGE = 'localhost/llm-perf-specs:container-test';
// crun fails on these machines (setrlimit, cgroups); runc with explicit limits works.
const RUN_FLAGS = [
  '--runtime',
  'runc',
  '--network',
  'none',
  '--ulimit',
  'nofile=1024:1024',
  '--ulimit',
  'nproc=1024:1024',
];

function podman(
  args: readonly string[],
  timeoutMs = 120_000,
): { status: number | null; output: string } {
  const result = spawnSync('podman', args, { encoding: 'utf8', timeout: timeoutMs });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function skipReason(): string | null {
  if (process.env.CONTAINER_TEST !== '1')
    return 'set CONTAINER_TEST=1 to build and run the image (a few minutes; docs/deploy.md)';
  if (spawnSync('podman', ['--version']).status !== 0)
    return 'podman not found (apt-get install podman runc debootstrap)';
  if (podman(['image', 'exists', BASE_IMAGE]).status !== 0)
    return `base image ${BASE_IMAGE} not found: build it with deploy/container/build-local-base.sh`;
  return null;
}

const reason = skipReason();
if (reason !== null) console.log(`container image tests skipped: ${reason}`);

describe('the container image', () => {
  let resultsDir = '';

  beforeAll(() => {
    if (reason !== null) return;
    execFileSync(resolve(ROOT, 'deploy/container/build-image.sh'), [IMAGE], {
      cwd: ROOT,
      env: { ...process.env, BASE_IMAGE },
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 15 * 60_000,
    });
    resultsDir = mkdtempSync(join(tmpdir(), 'container-results-'));
    // The image's user (uid 1000) writes here.
    chmodSync(resultsDir, 0o777);
  }, 16 * 60_000);

  afterAll(() => {
    if (resultsDir !== '') rmSync(resultsDir, { recursive: true, force: true });
    if (reason === null) podman(['image', 'rm', '--force', IMAGE]);
  });

  it('runs the specs as the unprivileged user node by default', (context) => {
    context.skip(reason !== null, reason ?? '');
    const inspected = JSON.parse(podman(['image', 'inspect', IMAGE]).output) as {
      Config: { Cmd: string[]; User: string };
    }[];
    expect(inspected[0]?.Config.Cmd).toEqual(['npx', 'vitest', 'run', 'specs']);
    expect(inspected[0]?.Config.User).toBe('node');
    const id = podman(['run', '--rm', ...RUN_FLAGS, IMAGE, 'id', '-u']);
    expect(id).toEqual({ status: 0, output: '1000\n' });
  });

  it(
    "passes the smoke specs against the simulator started with compose.yaml's command, and writes junit.xml to the results volume",
    (context) => {
      context.skip(reason !== null, reason ?? '');
      const compose = parse(readFileSync(resolve(ROOT, 'compose.yaml'), 'utf8')) as {
        services: {
          simulator: { command: string[] };
          suite: { environment: Record<string, string> };
        };
      };
      const simulatorCommand = compose.services.simulator.command.join(' ');
      // One container (builds and runs get no network here): the simulator in the background,
      // the suite against it on loopback instead of the service name.
      const script = [
        `${simulatorCommand} > /tmp/simulator.log 2>&1 &`,
        'for i in $(seq 1 150); do node -e "fetch(\'http://127.0.0.1:8080/health\').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break; sleep 0.2; done',
        'npx vitest run specs/smoke',
      ].join('\n');
      const env = { ...compose.services.suite.environment, BASE: 'http://127.0.0.1:8080' };
      const run = podman(
        [
          'run',
          '--rm',
          ...RUN_FLAGS,
          '--volume',
          `${resultsDir}:/app/results`,
          ...Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
          IMAGE,
          'sh',
          '-c',
          script,
        ],
        5 * 60_000,
      );
      expect(stripVTControlCharacters(run.output)).toMatch(/Tests\s+2 passed/);
      expect(run.status, run.output).toBe(0);
      expect(existsSync(join(resultsDir, 'junit.xml'))).toBe(true);
      expect(readFileSync(join(resultsDir, 'junit.xml'), 'utf8')).toContain('<testcase');
    },
    6 * 60_000,
  );
});
