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
const RUNTIME_FLAGS = [
  '--runtime',
  'runc',
  '--ulimit',
  'nofile=1024:1024',
  '--ulimit',
  'nproc=1024:1024',
];
const RUN_FLAGS = [...RUNTIME_FLAGS, '--network', 'none'];

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
    expect(inspected[0]?.Config.Cmd).toEqual([
      'npx',
      'vitest',
      'run',
      '--project',
      'smoke',
      '--project',
      'load',
    ]);
    expect(inspected[0]?.Config.User).toBe('node');
    const id = podman(['run', '--rm', ...RUN_FLAGS, IMAGE, 'id', '-u']);
    expect(id).toEqual({ status: 0, output: '1000\n' });
  });

  it('holds the helpers built at image build time, and loading the config reuses that build', (context) => {
    context.skip(reason !== null, reason ?? '');
    const cache = 'node_modules/.cache/llm-perf-specs-prebuilt';
    const listed = podman([
      'run',
      '--rm',
      ...RUN_FLAGS,
      IMAGE,
      'sh',
      '-c',
      `ls ${cache}; echo ---; node_modules/.bin/vitest list --filesOnly --project load >/dev/null 2>&1; ls ${cache}`,
    ]);
    expect(listed.status, listed.output).toBe(0);
    const [before, after] = listed.output.split('---\n');
    expect(before?.split('\n').filter((name) => name.startsWith('build-'))).toHaveLength(1);
    expect(after).toBe(before);
  });

  it(
    "runs compose.yaml's two services for real: the suite passes against the simulator and leaves its reports in the results volume",
    (context) => {
      context.skip(reason !== null, reason ?? '');
      const compose = parse(readFileSync(resolve(ROOT, 'compose.yaml'), 'utf8')) as {
        services: {
          simulator: { command: string[]; healthcheck: { test: string[] } };
          suite: { environment: Record<string, string>; volumes: string[] };
        };
      };
      const { simulator, suite } = compose.services;
      // What `docker compose up` does, by hand: a network, the simulator reachable by its service
      // name, its health check until it passes, then the suite with its environment and volume.
      const network = `llm-perf-specs-test-${process.pid}`;
      const simulatorName = `${network}-simulator`;
      const onNetwork = [...RUNTIME_FLAGS, '--network', network];
      try {
        expect(podman(['network', 'create', network]).status).toBe(0);
        const started = podman([
          'run',
          '--detach',
          '--name',
          simulatorName,
          ...onNetwork,
          '--network-alias',
          'simulator',
          IMAGE,
          ...simulator.command,
        ]);
        expect(started.status, started.output).toBe(0);
        const [kind, ...healthCommand] = simulator.healthcheck.test;
        expect(kind).toBe('CMD');
        let healthy = false;
        for (let attempt = 0; attempt < 60 && !healthy; attempt++) {
          healthy = podman(['exec', simulatorName, ...healthCommand]).status === 0;
          if (!healthy) execFileSync('sleep', ['0.5']);
        }
        expect(healthy, podman(['logs', simulatorName]).output).toBe(true);

        const volumePath = suite.volumes[0]!.split(':')[1]!;
        const run = podman(
          [
            'run',
            '--rm',
            ...onNetwork,
            '--volume',
            `${resultsDir}:${volumePath}`,
            ...Object.entries(suite.environment).flatMap(([name, value]) => [
              '--env',
              `${name}=${value}`,
            ]),
            IMAGE,
          ],
          8 * 60_000,
        );
        const output = stripVTControlCharacters(run.output);
        expect(run.status, output).toBe(0);
        // Every file passed; the smoke specs, the meta spec and the four load specs among them,
        // with their SLAs.
        expect(output).toMatch(/Test Files\s+(\d+) passed \(\1\)/);
        for (const spec of [
          'smoke/version',
          'smoke/models',
          'meta/meta',
          'stream/short',
          'stream/cot',
          'nonstream/short',
          'nonstream/cot',
        ])
          expect(output).toMatch(new RegExp(`✓\\s+\\w+\\s+specs/${spec}\\.spec\\.ts`));
        expect(output).toContain('SLAs: 15 passed, 0 failed');
        expect(output).not.toMatch(/✓\s+helpers\s/);
        for (const file of ['junit.xml', 'summary.json', 'report.html', 'samples.ndjson'])
          expect(existsSync(join(resultsDir, file)), file).toBe(true);
        const summary = JSON.parse(readFileSync(join(resultsDir, 'summary.json'), 'utf8')) as {
          metrics: Record<string, { count?: number }>;
        };
        expect(summary.metrics.http_reqs?.count).toBeGreaterThan(0);
      } finally {
        podman(['rm', '--force', simulatorName]);
        podman(['network', 'rm', '--force', network]);
      }
    },
    10 * 60_000,
  );
});
