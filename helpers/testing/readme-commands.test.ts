import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { describeProblem } from '../config/env-reader.js';
import { readSuiteConfig } from '../config/suite-config.js';
import { type Simulator, startSimulator } from '../simulator/simulator.js';
import { leadingAssignments, shownCommands } from './readme-commands.js';

// "Every command the README shows is exercised by a test." Each command of README.md (its
// ```sh blocks and inline command spans, tables included) must have an entry below:
// - runBy: the test (or CI) file that runs it; that file must exist and contain the
//   command's key part (spec path, script name);
// - runHere: run by a test in this file;
// - formOnly: it needs a server of the reader's own (a real vLLM, a hosted API), which tests
//   must not reach (traffic goes to 127.0.0.1 only). Its form is checked: its variables pass
//   the suite's config validation, its spec paths and npm scripts exist.
// Every command, whatever its entry, gets those form checks too. A README command without an
// entry fails this test: add the test that runs it, then the entry.

type Coverage =
  | { runBy: string; contains: readonly string[]; note?: string }
  | { runHere: string }
  | { formOnly: string };

const README_RUNS = 'helpers/testing/readme-runs.process.test.ts';
const NPM_SCRIPTS = 'helpers/testing/npm-scripts.process.test.ts';
const FAIL_FAST = 'helpers/scenario/fail-fast.process.test.ts';
const LLAMA_ALIAS_COMMAND =
  "MODEL=$(curl -s http://127.0.0.1:8080/v1/models | jq -r '.data[0].id')";

const COVERAGE: Readonly<Record<string, Coverage>> = {
  'npm ci': { runBy: '.ci/run', contains: ['npm ci'] },
  'npx vitest run specs': {
    runBy: 'vitest.config.ts',
    contains: ["'specs/smoke/**/*.spec.ts'", "'specs/stream/**/*.spec.ts'"],
    note: '`npm test` (.ci/run) runs `vitest run`, whose smoke and load projects are these specs',
  },
  'npm test': { runBy: '.ci/run', contains: ['npm test'] },
  'apt-get install -y chromium': {
    runBy: '.ci/run',
    contains: ['apt-get install -y -qq chromium'],
  },
  'BASE=http://127.0.0.1:8000 MODEL=meta-llama/Llama-3.1-8B-Instruct npx vitest run specs': {
    formOnly: 'needs a vLLM server',
  },
  'BASE=https://llm.example.com/v1 MODEL=gpt-4o-mini API_KEY=sk-... npx vitest run specs/stream': {
    formOnly: 'needs a hosted API and its key',
  },
  [LLAMA_ALIAS_COMMAND]: { runHere: "against the simulator's llama.cpp flavor" },
  'BASE=http://127.0.0.1:8080 MODEL="$MODEL" SKIP_VERSION_CHECK=1 npx vitest run specs': {
    formOnly: 'needs llama-server; a wrong MODEL failing the smoke check is in fail-fast.process',
  },
  'npx vitest run specs/stream': { runBy: FAIL_FAST, contains: ["'specs/stream/short.spec.ts'"] },
  'npx vitest run specs/smoke': { runBy: FAIL_FAST, contains: ["'specs/smoke/models.spec.ts'"] },
  'npx vitest run specs/meta': { runBy: README_RUNS, contains: ["specs: ['specs/meta']"] },
  'npx vitest run specs/capacity/stream-short': {
    runBy: README_RUNS,
    contains: ["specs: ['specs/capacity/stream-short']"],
  },
  'WORKLOAD=prompt_tokens=512,output_tokens=64 npx vitest run specs/workload': {
    runBy: README_RUNS,
    contains: ["specs: ['specs/workload']", "WORKLOAD: 'prompt_tokens=512,output_tokens=64'"],
  },
  'npm run specs:stream': { runBy: NPM_SCRIPTS, contains: ["npmRun('specs:stream'"] },
  'npm run specs:nonstream': { runBy: NPM_SCRIPTS, contains: ["npmRun('specs:nonstream'"] },
  'BASE=http://127.0.0.1:8000 npm run specs:quick': {
    runBy: NPM_SCRIPTS,
    contains: ["npmRun('specs:quick', { BASE: simulator.url"],
  },
  'npm run specs:ci': { runBy: NPM_SCRIPTS, contains: ["npmRun('specs:ci'"] },
  'npm run bench -- --quick': { runBy: '.ci/run', contains: ['npm run bench -- --quick'] },
  'npm run bench': {
    runBy: '.ci/run',
    contains: ['npm run bench -- --quick'],
    note: 'CI runs every case once, in quick mode; the full run is measured by hand',
  },
  'npm run mutation': {
    runBy: 'helpers/testing/mutation-config.test.ts',
    contains: ["expect(pkg.scripts.mutation).toBe('stryker run')"],
    note: 'a whole run takes hours here: the test checks the script, config and files it runs',
  },
  'npm run simulator -- --port 8080': {
    runBy: 'helpers/simulator/cli.test.ts',
    contains: ["runCli(['--port', '0'"],
  },
};

const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const COMMANDS = shownCommands(README);
const SCRIPTS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;
/** What `$MODEL` holds in the llama.cpp example: the alias the simulator below serves. */
const LLAMA_ALIAS = 'qwen2.5-7b-instruct-q4_k_m';

/** Form problems of one command: config validation, spec paths, npm scripts. */
function formProblems(command: string): string[] {
  const { env, rest } = leadingAssignments(command, { MODEL: LLAMA_ALIAS });
  const problems: string[] = [];
  if (Object.keys(env).length > 0) {
    const result = readSuiteConfig(env);
    if (!result.ok) problems.push(...result.problems.map(describeProblem));
  }
  const vitest = /^npx vitest run(?: (.*))?$/.exec(rest);
  for (const arg of vitest?.[1]?.split(' ') ?? []) {
    if (arg.startsWith('-')) continue;
    const path = join(ROOT, arg);
    if (!existsSync(path) && !existsSync(`${path}.spec.ts`)) problems.push(`no spec at ${arg}`);
  }
  const script = /^npm (?:run (\S+)|(test))\b/.exec(rest);
  const name = script?.[1] ?? script?.[2];
  if (name !== undefined && SCRIPTS[name] === undefined) problems.push(`no npm script ${name}`);
  return problems;
}

describe('README.md commands', () => {
  it('are found: the sh blocks and the inline commands of the tables and prose', () => {
    // A floor, so a broken extractor cannot pass the checks below vacuously.
    expect(COMMANDS.length).toBeGreaterThanOrEqual(15);
    expect(COMMANDS.map((c) => c.command)).toContain('npm run specs:ci');
  });

  it('each has an entry naming the test that runs it', () => {
    const uncovered = COMMANDS.filter((c) => COVERAGE[c.command] === undefined).map(
      (c) => `README.md:${c.line}: ${c.command}`,
    );
    expect(uncovered).toEqual([]);
  });

  it('have no stale entries: each entry is a command the README shows', () => {
    const shown = new Set(COMMANDS.map((c) => c.command));
    expect(Object.keys(COVERAGE).filter((command) => !shown.has(command))).toEqual([]);
  });

  it.each(
    Object.entries(COVERAGE).flatMap(([command, coverage]) =>
      'runBy' in coverage ? [{ command, ...coverage }] : [],
    ),
  )('$command is run by $runBy', ({ runBy, contains }) => {
    const path = join(ROOT, runBy);
    expect(existsSync(path), `${runBy} exists`).toBe(true);
    const text = readFileSync(path, 'utf8');
    for (const part of contains) expect(text, `${runBy} contains ${part}`).toContain(part);
  });

  it.each(
    COMMANDS.filter((c) => !('runHere' in (COVERAGE[c.command] ?? {}))).map((c) => c.command),
  )('%s is well formed: its variables validate, its specs and scripts exist', (command) => {
    expect(formProblems(command)).toEqual([]);
  });

  it('the form check can fail: a bad variable, spec path or script is reported', () => {
    expect(formProblems('NONSTREAM_RPS=abc npx vitest run specs/nowhere')).toHaveLength(2);
    expect(formProblems('npm run specs:nowhere')).toEqual(['no npm script specs:nowhere']);
  });
});

describe("the README's llama.cpp example", () => {
  let simulator: Simulator | null = null;
  afterAll(async () => {
    await simulator?.close();
  });

  it('gives MODEL the alias that llama-server lists in /v1/models', async () => {
    simulator = await startSimulator({ flavor: 'llamacpp', models: [LLAMA_ALIAS] });
    const pipeline = /^MODEL=\$\((.*)\)$/.exec(LLAMA_ALIAS_COMMAND)?.[1];
    expect(pipeline).toContain('http://127.0.0.1:8080');
    // Asynchronous: the simulator answers from this process's event loop.
    const { stdout } = await promisify(execFile)(
      'bash',
      ['-c', (pipeline as string).replace('http://127.0.0.1:8080', simulator.url)],
      { encoding: 'utf8', timeout: 10_000 },
    );
    expect(stdout.trim()).toBe(LLAMA_ALIAS);
  });
});

describe("the README's SLA example", () => {
  it("is specs/stream/short.spec.ts's own code, line for line", () => {
    const block = /```ts\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
    const spec = readFileSync(join(ROOT, 'specs/stream/short.spec.ts'), 'utf8');
    const lines = block.split('\n').map((line) => line.trim());
    expect(lines.filter((line) => line !== '').length).toBeGreaterThan(3);
    expect(lines.filter((line) => line !== '' && !spec.includes(line))).toEqual([]);
  });
});

describe('shownCommands', () => {
  it('reads sh lines without comments, joins continuations, and picks commands from inline code', () => {
    const markdown = [
      '```sh',
      'npm ci   # install',
      '# a comment line',
      'curl -N http://x \\',
      "  -d '{}'",
      '```',
      '```ts',
      'npm run not-a-command-in-ts',
      '```',
      '| `npm run a` | `CI=true` (not a command) |',
      'Run `FOO=1 npx vitest run specs` or `npm ci` again; `DURATION_MIN - 2` is not one.',
    ].join('\n');
    expect(shownCommands(markdown)).toEqual([
      { line: 2, command: 'npm ci' },
      { line: 4, command: "curl -N http://x -d '{}'" },
      { line: 10, command: 'npm run a' },
      { line: 11, command: 'FOO=1 npx vitest run specs' },
    ]);
  });
});

describe('leadingAssignments', () => {
  it('reads quoted and bare values, expands $NAME outside single quotes, and keeps the rest', () => {
    expect(
      leadingAssignments(`A=1 B="x $MODEL" C='$MODEL' npx vitest run specs`, { MODEL: 'm' }),
    ).toEqual({ env: { A: '1', B: 'x m', C: '$MODEL' }, rest: 'npx vitest run specs' });
  });
});
