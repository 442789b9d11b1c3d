// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${BASE_IMAGE}, $(VAR) and ${{ ... }} are literal text of the files checked here.
import { type ValidationError, validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { SECRET_KNOBS } from './knob-names.js';
import { npmCommandProblems, type PackageJson } from './npm-command-problems.js';
import { secretLiteralProblems } from './secret-literals.js';

export interface WorkflowCheckInput {
  name: string;
  text: string;
  knobNames: ReadonlySet<string>;
  packageJson: PackageJson;
  /** The command shards and merge run, e.g. `npx vitest run --project load`. */
  suiteCommand: string;
}

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface WorkflowJob {
  needs?: string | string[];
  if?: string;
  env?: Record<string, unknown>;
  strategy?: { matrix?: { shard?: unknown } };
  steps?: Step[];
}

/** The validator's errors as lines; a oneOf error lists its branches' errors, deduplicated. */
function validationMessages(errors: readonly ValidationError[]): string[] {
  const lines = errors.flatMap((error): string[] => {
    const path = 'path' in error ? `${error.path} ` : '';
    const own = `${path}${error.title}${error.detail ? `: ${error.detail}` : ''}`;
    const nested =
      'states' in error ? (error.states ?? []).flatMap((s) => validationMessages(s.errors)) : [];
    return [own, ...nested];
  });
  return [...new Set(lines)];
}

/** Every problem of a GitHub Actions workflow that runs shards and merges them. */
export function workflowProblems(input: WorkflowCheckInput): string[] {
  const { name } = input;
  const problems = secretLiteralProblems(name, input.text);
  for (const error of validationMessages(validateWorkflow(input.text).errors))
    problems.push(`${name}: ${error}`);
  if (problems.length > 0) return problems;
  const workflow = parse(input.text) as {
    env?: Record<string, unknown>;
    jobs?: Record<string, WorkflowJob>;
  };
  const jobs = Object.entries(workflow.jobs ?? {});

  // Every variable is a knob; the secrets come from GitHub's secrets.
  const envs = [
    ['workflow', workflow.env] as const,
    ...jobs.map(([id, job]) => [`job ${id}`, job.env] as const),
  ];
  for (const [where, env] of envs)
    for (const [key, value] of Object.entries(env ?? {})) {
      if (!input.knobNames.has(key))
        problems.push(`${name}: ${where}: env ${key} is not a knob the suite reads`);
      if (SECRET_KNOBS.includes(key) && !/^\$\{\{\s*secrets\.\w+\s*\}\}$/.test(String(value)))
        problems.push(`${name}: ${where}: env ${key} must be \${{ secrets.NAME }}`);
    }

  const shardJobs = jobs.filter(([, job]) => job.strategy?.matrix?.shard !== undefined);
  const mergeJobs = jobs.filter(([, job]) => job.env?.MERGE_FROM !== undefined);
  if (shardJobs.length !== 1)
    problems.push(`${name}: one job with a shard matrix expected, found ${shardJobs.length}`);
  if (mergeJobs.length !== 1)
    problems.push(`${name}: one merge job (env MERGE_FROM) expected, found ${mergeJobs.length}`);
  if (problems.length > 0) return problems;
  const [shardId, shard] = shardJobs[0]!;
  const [mergeId, merge] = mergeJobs[0]!;

  for (const [id, job] of [
    [shardId, shard],
    [mergeId, merge],
  ] as const) {
    const runs = (job.steps ?? []).map((s) => s.run ?? '');
    if (!runs.includes(input.suiteCommand))
      problems.push(`${name}: job ${id} must run ${input.suiteCommand}`);
    for (const run of runs)
      problems.push(...npmCommandProblems(`${name}: job ${id}`, run, input.packageJson));
  }

  // The matrix is shards 1..N, and SHARD says i/N with the same N.
  const shards = shard.strategy?.matrix?.shard;
  const count = Array.isArray(shards) ? shards.length : 0;
  if (!Array.isArray(shards) || !shards.every((value, i) => value === i + 1))
    problems.push(
      `${name}: job ${shardId}: matrix.shard must be [1, 2, ..., N], got ${JSON.stringify(shards)}`,
    );
  if (shard.env?.SHARD !== `\${{ matrix.shard }}/${count}`)
    problems.push(
      `${name}: job ${shardId}: SHARD must be \${{ matrix.shard }}/${count}, got ${String(shard.env?.SHARD)}`,
    );
  if (shard.env?.START_AT === undefined)
    problems.push(`${name}: job ${shardId}: START_AT must be set: shards start together`);
  const resultsDir = String(shard.env?.RESULTS_DIR ?? '');
  if (!resultsDir.includes('${{ matrix.shard }}'))
    problems.push(
      `${name}: job ${shardId}: RESULTS_DIR must contain \${{ matrix.shard }}: one directory per shard`,
    );

  // The shards upload their results; the merge downloads them all where MERGE_FROM looks.
  const upload = (shard.steps ?? []).find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  if (upload === undefined)
    problems.push(`${name}: job ${shardId}: no actions/upload-artifact step`);
  else {
    if (upload.with?.path !== resultsDir)
      problems.push(`${name}: job ${shardId}: upload path must be RESULTS_DIR ${resultsDir}`);
    if (!String(upload.if ?? '').includes('always()'))
      problems.push(`${name}: job ${shardId}: upload must run if: always()`);
  }
  const needs = typeof merge.needs === 'string' ? [merge.needs] : (merge.needs ?? []);
  if (!needs.includes(shardId)) problems.push(`${name}: job ${mergeId} must need ${shardId}`);
  if (!String(merge.if ?? '').includes('always()'))
    problems.push(`${name}: job ${mergeId} must run if: always() (it names missing shards)`);
  const download = (merge.steps ?? []).find((s) =>
    s.uses?.startsWith('actions/download-artifact@'),
  );
  const uploadName = String(upload?.with?.name ?? '').replace('${{ matrix.shard }}', '*');
  const expected = `${String(download?.with?.path ?? '')}/${String(download?.with?.pattern ?? '')}`;
  if (download === undefined)
    problems.push(`${name}: job ${mergeId}: no actions/download-artifact step`);
  else if (download.with?.pattern !== uploadName)
    problems.push(
      `${name}: job ${mergeId}: download pattern ${String(download.with?.pattern)} must match the uploads ${uploadName}`,
    );
  if (merge.env?.MERGE_FROM !== expected)
    problems.push(
      `${name}: job ${mergeId}: MERGE_FROM ${String(merge.env?.MERGE_FROM)} must be ${expected}`,
    );

  // The merge keeps junit.xml and publishes it.
  const mergeResults = String(merge.env?.RESULTS_DIR ?? '');
  const publish = (merge.steps ?? []).find((s) =>
    JSON.stringify(s.with ?? {}).includes(`${mergeResults}/junit.xml`),
  );
  if (mergeResults === '' || publish === undefined)
    problems.push(`${name}: job ${mergeId}: no step publishes ${mergeResults}/junit.xml`);
  else if (!String(publish.if ?? '').includes('always()'))
    problems.push(
      `${name}: job ${mergeId}: the JUnit report must be published if: always() (failed SLAs most of all)`,
    );
  return problems;
}
