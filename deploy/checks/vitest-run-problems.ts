/** The project names of a vitest.config.ts (`name: 'load'`). */
export function vitestProjectNames(configText: string): string[] {
  return [...configText.matchAll(/\bname: '([\w-]+)'/g)].map((m) => m[1]!);
}

/**
 * Problems of an `npx vitest run ...` command: every `--project NAME` is a project of
 * vitest.config.ts, and every other argument a path that exists. A bare word is a filter Vitest
 * matches against any path containing it (`specs` also picks helpers/**\/load-specs.*.test.ts).
 */
export function vitestRunProblems(
  where: string,
  command: readonly string[],
  projectNames: readonly string[],
  exists: (path: string) => boolean,
): string[] {
  if (command[0] !== 'npx' || command[1] !== 'vitest' || command[2] !== 'run') return [];
  const problems: string[] = [];
  const args = command.slice(3);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--project') {
      const name = args[++i];
      if (name === undefined || !projectNames.includes(name))
        problems.push(
          `${where}: --project ${name}: not a project of vitest.config.ts (${projectNames.join(', ')})`,
        );
    } else if (!arg.startsWith('-') && !exists(arg))
      problems.push(`${where}: runs ${arg}, which does not exist`);
  }
  if (!args.includes('--project') && args.every((a) => a.startsWith('-')))
    problems.push(
      `${where}: runs every project, the helper tests too; name --project smoke --project load`,
    );
  return problems;
}
