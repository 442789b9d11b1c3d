// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${BASE_IMAGE}, $(VAR) and ${{ ... }} are literal text of the files checked here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeProblems } from './checks/compose-problems.js';
import { dockerfileFacts, dockerfileProblems } from './checks/dockerfile-problems.js';
import { knobNames, readmeKnobNames } from './checks/knob-names.js';
import { kubernetesProblems, type ManifestFile } from './checks/kubernetes-problems.js';
import type { PackageJson } from './checks/npm-command-problems.js';
import { vitestProjectNames, vitestRunProblems } from './checks/vitest-run-problems.js';
import { workflowProblems } from './checks/workflow-problems.js';

const ROOT = resolve(import.meta.dirname, '..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const exists = (path: string) => {
  try {
    statSync(resolve(ROOT, path));
    return true;
  } catch {
    return false;
  }
};

// The shard and merge knobs of issue 11: docs/knobs.md must list those the deployment files use.
const SHARD_KNOBS = [
  'SHARD',
  'SHARD_COUNT',
  'JOB_COMPLETION_INDEX',
  'START_AT',
  'MERGE_FROM',
  'MERGE_ALLOW_MISSING',
];

// The knob reference: every table whose first header is `variable`.
const knobDoc = read('docs/knobs.md');
const knobs = knobNames(knobDoc);
const packageJson = JSON.parse(read('package.json')) as PackageJson;
const dockerfile = read('Dockerfile');
const dockerignore = read('.dockerignore');
const facts = dockerfileFacts(dockerfile);
const vitestConfig = read('vitest.config.ts');
const projectNames = vitestProjectNames(vitestConfig);
const imageCommand = ['npx', 'vitest', 'run', '--project', 'smoke', '--project', 'load'];
// Shards and merge run the load specs only: the merge needs no server for smoke checks.
const loadCommand = ['npx', 'vitest', 'run', '--project', 'load'];

/** The text with `from` replaced by `to`; fails when `from` is not there, so no break is vacuous. */
function broken(text: string, from: string, to: string): string {
  expect(text, `the file no longer contains ${JSON.stringify(from)}`).toContain(from);
  return text.replace(from, to);
}

describe('the Kubernetes manifests (deploy/kubernetes)', () => {
  const folder = 'deploy/kubernetes';
  const files: ManifestFile[] = readdirSync(resolve(ROOT, folder))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => ({ name, text: read(`${folder}/${name}`) }));
  const folderReadme = read(`${folder}/README.md`);
  const check = (edit?: { file: string; from: string; to: string }, readmeText = folderReadme) =>
    kubernetesProblems({
      files: files.map((f) =>
        edit !== undefined && f.name === edit.file
          ? { ...f, text: broken(f.text, edit.from, edit.to) }
          : f,
      ),
      knobNames: knobs,
      readme: readmeText,
      suiteCommand: loadCommand,
    });

  it('hold a PVC, a ConfigMap, the shards Job and the merge Job', () => {
    expect(files.map((f) => f.name).sort()).toEqual(
      expect.arrayContaining([
        'config.yaml',
        'merge-job.yaml',
        'results-pvc.yaml',
        'shards-job.yaml',
      ]),
    );
  });

  it('pass the Kubernetes schema and the project rules', () => {
    expect(check()).toEqual([]);
  });

  it('run the load project of vitest.config.ts, shards and merge alike', () => {
    expect(vitestRunProblems('Jobs', loadCommand, projectNames, exists)).toEqual([]);
  });

  it.each([
    [
      'completions as text fails the schema',
      'shards-job.yaml',
      'completions: 4',
      'completions: four',
      'completions must be integer',
    ],
    [
      'a misspelt completionMode fails the schema',
      'shards-job.yaml',
      'completionMode: Indexed',
      'completionMode: indexed',
      'completionMode must be equal to one of the allowed values',
    ],
    [
      'a Secret in the folder',
      'config.yaml',
      'apiVersion: v1\nkind: ConfigMap',
      'apiVersion: v1\nkind: Secret',
      'a Secret does not belong in the repository',
    ],
    [
      'an API key as a literal',
      'shards-job.yaml',
      'valueFrom:\n                secretKeyRef:\n                  name: llm-perf-specs-secrets\n                  key: API_KEY\n                  optional: true',
      'value: sk-live-0123456789abcdef',
      'looks like a credential',
    ],
    [
      'an API key from a ConfigMap',
      'shards-job.yaml',
      'secretKeyRef:\n                  name: llm-perf-specs-secrets\n                  key: API_KEY\n                  optional: true',
      'configMapKeyRef:\n                  name: llm-perf-specs\n                  key: MODEL',
      'env API_KEY is a secret: take it from a Secret with secretKeyRef',
    ],
    [
      'a Secret the README does not create',
      'shards-job.yaml',
      'name: llm-perf-specs-secrets\n                  key: API_KEY',
      'name: other-secrets\n                  key: API_KEY',
      'kubectl create secret generic other-secrets',
    ],
    [
      'SHARD_COUNT unlike completions',
      'shards-job.yaml',
      'value: "4"',
      'value: "3"',
      'SHARD_COUNT "3" must equal completions 4',
    ],
    [
      'fewer pods at once than shards',
      'shards-job.yaml',
      'parallelism: 4',
      'parallelism: 2',
      'parallelism 2 must equal completions 4',
    ],
    [
      'one results directory for all shards',
      'shards-job.yaml',
      'shard-$(JOB_COMPLETION_INDEX)',
      'shard',
      'RESULTS_DIR must contain $(JOB_COMPLETION_INDEX)',
    ],
    [
      'a reference to an undefined variable',
      'shards-job.yaml',
      '/results/$(RUN_ID)/shard',
      '/results/$(RUN)/shard',
      'uses $(RUN), which is not defined before it',
    ],
    [
      'a knob name the suite does not read',
      'config.yaml',
      'MODEL:',
      'MODLE:',
      'data key MODLE is not a knob',
    ],
    [
      'a retried shard',
      'shards-job.yaml',
      'backoffLimit: 0',
      'backoffLimit: 3',
      'backoffLimit must be 0',
    ],
    [
      'a merge that reads elsewhere',
      'merge-job.yaml',
      'value: /results/$(RUN_ID)/shard-*',
      'value: /results/shard-*',
      'MERGE_FROM "/results/shard-*" must be "/results/$(RUN_ID)/shard-*"',
    ],
    [
      'a merge that writes among the shards',
      'merge-job.yaml',
      '/results/$(RUN_ID)/merged',
      '/results/$(RUN_ID)/shard-merged',
      'must be set and outside MERGE_FROM',
    ],
    [
      'a merge without JUnit',
      'merge-job.yaml',
      'name: JUNIT',
      'name: KEEP_TEXT',
      'JUNIT=1 (or CI) must be set',
    ],
    [
      'a volume each node cannot share',
      'results-pvc.yaml',
      '- ReadWriteMany',
      '- ReadWriteOnce',
      'accessModes must include ReadWriteMany',
    ],
    [
      'a root container',
      'shards-job.yaml',
      'runAsNonRoot: true',
      'runAsNonRoot: false',
      'runAsNonRoot must be true',
    ],
    [
      'another command than the load project',
      'merge-job.yaml',
      'command: ["npx", "vitest", "run", "--project", "load"]',
      'command: ["npx", "vitest", "run", "specs"]',
      'must be ["npx","vitest","run","--project","load"]',
    ],
  ])('fail on %s', (_name, file, from, to, expected) => {
    expect(check({ file, from, to }).join('\n')).toContain(expected);
  });

  it('fail when README.md does not create the run ConfigMap they read START_AT from', () => {
    const withoutStart = broken(folderReadme, '--from-literal=START_AT=', '--from-literal=START=');
    expect(check(undefined, withoutStart).join('\n')).toContain(
      'reads ConfigMap llm-perf-specs-run key START_AT, neither defined here nor created in README.md',
    );
  });
});

describe('the Dockerfile and .dockerignore', () => {
  const input = {
    dockerfile,
    dockerignore,
    packageJson,
    exists,
    runtimePaths: [
      'package.json',
      'package-lock.json',
      '.npmrc',
      'tsconfig.json',
      'vitest.config.ts',
      'helpers',
      'specs',
      'fixtures',
    ],
    defaultBase: 'node:20-slim',
    projectNames,
  };

  it('run the smoke and load projects by default, not the helper tests', () => {
    expect(facts.command).toEqual(imageCommand);
  });

  it('build on node:20-slim or a given base, install with npm ci and run the specs unprivileged', () => {
    expect(dockerfileProblems(input)).toEqual([]);
  });

  it.each([
    ['a fixed base image', 'FROM ${BASE_IMAGE}', 'FROM node:20-slim', 'must be FROM ${BASE_IMAGE}'],
    [
      'another default base',
      'ARG BASE_IMAGE=node:20-slim',
      'ARG BASE_IMAGE=node:22',
      'must default to node:20-slim',
    ],
    ['npm install instead of npm ci', 'RUN npm ci', 'RUN npm install', 'no RUN npm ci'],
    [
      'a script that package.json lacks',
      'CMD ["npx", "vitest", "run", "--project", "smoke", "--project", "load"]',
      'CMD ["npm", "run", "specz"]',
      'npm run specz: no such script',
    ],
    [
      'npx of a package not installed',
      'CMD ["npx", "vitest", "run", "--project", "smoke", "--project", "load"]',
      'CMD ["npx", "jest", "specs"]',
      'npx jest: not a dependency',
    ],
    [
      'a spec folder that does not exist',
      'CMD ["npx", "vitest", "run", "--project", "smoke", "--project", "load"]',
      'CMD ["npx", "vitest", "run", "spec"]',
      'CMD: runs spec, which does not exist',
    ],
    [
      'a project vitest.config.ts lacks',
      '"--project", "load"]',
      '"--project", "lode"]',
      '--project lode: not a project of vitest.config.ts',
    ],
    [
      'every project, helper tests included',
      'CMD ["npx", "vitest", "run", "--project", "smoke", "--project", "load"]',
      'CMD ["npx", "vitest", "run"]',
      'runs every project, the helper tests too',
    ],
    [
      'shell-form CMD',
      'CMD ["npx", "vitest", "run", "--project", "smoke", "--project", "load"]',
      'CMD npx vitest run --project load',
      'CMD must be in exec form',
    ],
    [
      'a copied folder that does not exist',
      'COPY --chown=node:node fixtures ./fixtures',
      'COPY --chown=node:node fixture ./fixtures',
      'COPY fixture: no such file',
    ],
    [
      'fixtures left out',
      'COPY --chown=node:node fixtures ./fixtures\n',
      '',
      'fixtures is needed at run time and not copied',
    ],
    ['running as root', 'USER node', 'USER root', 'the last USER must not be root'],
    [
      'results outside the volume',
      'VOLUME ["/app/results"]',
      'VOLUME ["/results"]',
      'must hold ENV RESULTS_DIR (/app/results)',
    ],
    ['a baked-in secret', 'JUNIT=1', 'JUNIT=1 API_KEY=x', 'API_KEY is a secret'],
  ])('fail on %s', (_name, from, to, expected) => {
    expect(
      dockerfileProblems({ ...input, dockerfile: broken(dockerfile, from, to) }).join('\n'),
    ).toContain(expected);
  });

  it('fail when .dockerignore lets .env into the build context', () => {
    const problems = dockerfileProblems({
      ...input,
      dockerignore: broken(dockerignore, '.env\n', ''),
    });
    expect(problems).toContain('.dockerignore: must exclude .env');
  });

  it('fail when .dockerignore drops a folder the image copies', () => {
    const problems = dockerfileProblems({ ...input, dockerignore: `${dockerignore}\nhelpers\n` });
    expect(problems).toContain('Dockerfile: COPY helpers: excluded by .dockerignore');
  });
});

describe('compose.yaml', () => {
  const compose = read('compose.yaml');
  const check = (text: string) =>
    composeProblems({ compose: text, dockerfile: facts, packageJson, knobNames: knobs });

  it('runs the simulator and the suite pointed at it', () => {
    expect(check(compose)).toEqual([]);
  });

  it.each([
    [
      'a BASE on another port',
      'BASE: http://simulator:8080',
      'BASE: http://simulator:8000',
      'BASE http://simulator:8000 must be http://simulator:8080',
    ],
    [
      'a simulator on loopback only',
      '"--host", "0.0.0.0"',
      '"--host", "127.0.0.1"',
      'other containers reach only 0.0.0.0',
    ],
    [
      'an option the simulator rejects',
      '"--port", "8080"',
      '"--port", "99999"',
      'compose.yaml: simulator: ',
    ],
    [
      'a script package.json lacks',
      '"npm", "run", "simulator"',
      '"npm", "run", "sim"',
      'npm run sim: no such script',
    ],
    [
      'a knob the suite does not read',
      'RAMP_UP: 5s',
      'RAMPUP: 5s',
      'suite env RAMPUP is not a knob',
    ],
    [
      'a literal API key',
      'MODEL: jan-v1-4b',
      'MODEL: jan-v1-4b\n      API_KEY: abc',
      'API_KEY is a secret',
    ],
    [
      'a suite that starts before the simulator answers',
      'condition: service_healthy',
      'condition: service_started',
      'condition service_healthy',
    ],
    [
      'results outside the volume',
      '- results:/app/results',
      '- results:/results',
      'mount a volume at RESULTS_DIR /app/results',
    ],
  ])('fails on %s', (_name, from, to, expected) => {
    expect(check(broken(compose, from, to)).join('\n')).toContain(expected);
  });
});

describe('the GitHub Actions example (examples/github-actions/load-test.yml)', () => {
  const name = 'load-test.yml';
  const text = read('examples/github-actions/load-test.yml');
  const check = (workflow: string) =>
    workflowProblems({
      name,
      text: workflow,
      knobNames: knobs,
      packageJson,
      suiteCommand: loadCommand.join(' '),
    });

  it('is a valid workflow with a shard matrix, artifacts and a merge that publishes JUnit', () => {
    expect(check(text)).toEqual([]);
  });

  it.each([
    [
      'a key GitHub does not know',
      'runs-on: ubuntu-latest\n    timeout-minutes: 60',
      'runs-onn: ubuntu-latest\n    timeout-minutes: 60',
      'runs-onn',
    ],
    [
      'a shard count unlike the matrix',
      'SHARD: ${{ matrix.shard }}/4',
      'SHARD: ${{ matrix.shard }}/3',
      'SHARD must be ${{ matrix.shard }}/4',
    ],
    [
      'a gap in the matrix',
      'shard: [1, 2, 3, 4]',
      'shard: [1, 2, 4, 5]',
      'matrix.shard must be [1, 2, ..., N]',
    ],
    [
      'shards without START_AT',
      'START_AT: ${{ needs.plan.outputs.start-at }}',
      'SEED: "1"',
      'START_AT must be set',
    ],
    [
      'a literal API key',
      'API_KEY: ${{ secrets.LLM_API_KEY }}',
      'API_KEY: abc',
      'env API_KEY must be ${{ secrets.NAME }}',
    ],
    [
      'a merge that looks elsewhere',
      'MERGE_FROM: shards/shard-*',
      'MERGE_FROM: results/shard-*',
      'MERGE_FROM results/shard-* must be shards/shard-*',
    ],
    [
      'a download of other artifacts',
      'pattern: shard-*',
      'pattern: results-*',
      'must match the uploads shard-*',
    ],
    [
      'a merge that skips when a shard failed',
      "if: ${{ always() && needs.plan.result == 'success' }}",
      "if: ${{ needs.plan.result == 'success' }}",
      'must run if: always()',
    ],
    [
      'an upload of another folder',
      'path: results/shard-${{ matrix.shard }}',
      'path: results',
      'upload path must be RESULTS_DIR',
    ],
    [
      'no JUnit published',
      'report_paths: results/merged/junit.xml',
      'report_paths: junit.xml',
      'no step publishes results/merged/junit.xml',
    ],
  ])('fails on %s', (_name, from, to, expected) => {
    expect(check(broken(text, from, to)).join('\n')).toContain(expected);
  });
});

describe("docs/knobs.md's knob tables", () => {
  const deploymentText = [
    ...readdirSync(resolve(ROOT, 'deploy/kubernetes')).map((f) => read(`deploy/kubernetes/${f}`)),
    read('examples/github-actions/load-test.yml'),
    read('compose.yaml'),
  ].join('\n');

  it('list the shard knobs the deployment files use', () => {
    const used = SHARD_KNOBS.filter((n) => new RegExp(`\\b${n}\\b`).test(deploymentText));
    expect(used.length).toBeGreaterThan(0);
    const listed = readmeKnobNames(knobDoc);
    expect(used.filter((n) => !listed.has(n))).toEqual([]);
  });
});
