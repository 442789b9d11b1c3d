// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${BASE_IMAGE}, $(VAR) and ${{ ... }} are literal text of the files checked here.
import type { Instruction } from 'dockerfile-ast';
import { Arg, Cmd, Copy, DockerfileParser, Env, From, User, Volume } from 'dockerfile-ast';
import { dockerignoreExcludes } from './dockerignore-excludes.js';
import { SECRET_KNOBS } from './knob-names.js';
import { npmCommandProblems, type PackageJson } from './npm-command-problems.js';
import { vitestRunProblems } from './vitest-run-problems.js';

/** What the image runs and where it keeps results, read from the Dockerfile. */
export interface DockerfileFacts {
  /** CMD in exec form, e.g. ["npx", "vitest", "run", "--project", "load"]; null when absent or shell form. */
  command: string[] | null;
  /** VOLUME paths. */
  volumes: string[];
  /** ENV values. */
  env: Map<string, string>;
}

export interface DockerfileCheckInput {
  dockerfile: string;
  dockerignore: string;
  packageJson: PackageJson;
  /** Whether a path exists in the build context (the repository). */
  exists: (path: string) => boolean;
  /** Paths the suite needs at run time: each must be copied into the image. */
  runtimePaths: readonly string[];
  /** The default base image, e.g. `node:20-slim`. */
  defaultBase: string;
  /** The Vitest projects of vitest.config.ts. */
  projectNames: readonly string[];
}

export function dockerfileFacts(text: string): DockerfileFacts {
  const instructions = DockerfileParser.parse(text).getInstructions();
  const cmd = instructions.filter((i) => i instanceof Cmd).at(-1);
  const strings = cmd?.getJSONStrings().map((s) => s.getJSONValue()) ?? [];
  const env = new Map<string, string>();
  for (const instruction of instructions)
    if (instruction instanceof Env)
      for (const property of instruction.getProperties())
        env.set(property.getName(), property.getValue() ?? '');
  return {
    command: strings.length > 0 ? strings : null,
    volumes: instructions
      .filter((i) => i instanceof Volume)
      .flatMap((v) => {
        const json = v.getJSONStrings().map((s) => s.getJSONValue());
        return json.length > 0 ? json : v.getArguments().map((a) => a.getValue());
      }),
    env,
  };
}

/** Every problem of the Dockerfile and .dockerignore against the project's rules. */
export function dockerfileProblems(input: DockerfileCheckInput): string[] {
  const problems: string[] = [];
  const instructions = DockerfileParser.parse(input.dockerfile).getInstructions();
  const facts = dockerfileFacts(input.dockerfile);
  const keyword = (i: Instruction) => i.getKeyword();

  // The base is a build argument, so a locally built base can stand in for node:20-slim.
  const froms = instructions.filter((i) => i instanceof From);
  const baseArg = instructions
    .filter((i) => i instanceof Arg)
    .map((a) => a.getProperty())
    .find((p) => p?.getName() === 'BASE_IMAGE');
  if (froms.length !== 1) problems.push(`Dockerfile: one FROM expected, found ${froms.length}`);
  else if (froms[0]!.getImage() !== '${BASE_IMAGE}')
    problems.push(`Dockerfile: FROM ${froms[0]!.getImage()} must be FROM \${BASE_IMAGE}`);
  if (baseArg?.getValue() !== input.defaultBase)
    problems.push(
      `Dockerfile: ARG BASE_IMAGE must default to ${input.defaultBase}, got ${baseArg?.getValue()}`,
    );

  const runs = instructions.filter((i) => keyword(i) === 'RUN');
  const runText = runs.map((r) => r.getArgumentsContent() ?? '');
  if (!runText.some((t) => /\bnpm ci\b/.test(t))) problems.push('Dockerfile: no RUN npm ci');
  for (const text of runText)
    problems.push(...npmCommandProblems('Dockerfile: RUN', text, input.packageJson));

  // Every COPY source exists and is not dropped by .dockerignore; the run-time files are all copied.
  const copied: string[] = [];
  for (const copy of instructions.filter((i) => i instanceof Copy)) {
    const args = copy.getArguments().map((a) => a.getValue());
    for (const source of args.slice(0, -1)) {
      const path = source.replace(/^\.\//, '').replace(/\/$/, '');
      copied.push(path);
      if (!input.exists(path))
        problems.push(`Dockerfile: COPY ${source}: no such file in the repository`);
      else if (dockerignoreExcludes(input.dockerignore, path))
        problems.push(`Dockerfile: COPY ${source}: excluded by .dockerignore`);
    }
  }
  for (const path of input.runtimePaths)
    if (!copied.includes(path))
      problems.push(`Dockerfile: ${path} is needed at run time and not copied`);

  // Unprivileged at run time.
  const user = instructions.filter((i) => i instanceof User).at(-1);
  const userName = user?.getArgumentsContent()?.split(':')[0];
  if (userName === undefined || userName === 'root' || userName === '0')
    problems.push(`Dockerfile: the last USER must not be root, got ${userName ?? '(none)'}`);

  // The default command is the suite, and everything it names exists.
  if (facts.command === null) problems.push('Dockerfile: CMD must be in exec form (a JSON array)');
  else
    problems.push(
      ...npmCommandProblems('Dockerfile: CMD', facts.command.join(' '), input.packageJson),
    );
  if (facts.command !== null)
    problems.push(
      ...vitestRunProblems('Dockerfile: CMD', facts.command, input.projectNames, input.exists),
    );

  // Results in a volume, where RESULTS_DIR points.
  const resultsDir = facts.env.get('RESULTS_DIR');
  if (resultsDir === undefined || !facts.volumes.includes(resultsDir))
    problems.push(
      `Dockerfile: VOLUME ${JSON.stringify(facts.volumes)} must hold ENV RESULTS_DIR (${resultsDir})`,
    );
  for (const name of SECRET_KNOBS)
    if (facts.env.has(name) || new RegExp(`ARG ${name}\\b`).test(input.dockerfile))
      problems.push(`Dockerfile: ${name} is a secret and must not be baked into the image`);

  for (const path of ['.env', '.git', 'node_modules', 'results'])
    if (!dockerignoreExcludes(input.dockerignore, path))
      problems.push(`.dockerignore: must exclude ${path}`);
  return problems;
}
