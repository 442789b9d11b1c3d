export interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * Problems of the npm and npx commands in a shell line: `npm run NAME` must be a script of
 * package.json, `npx NAME` a package it installs (npx must not fetch one at run time).
 */
export function npmCommandProblems(
  where: string,
  line: string,
  packageJson: PackageJson,
): string[] {
  const problems: string[] = [];
  const installed = { ...packageJson.dependencies, ...packageJson.devDependencies };
  for (const match of line.matchAll(/\bnpm (?:run|run-script) ([\w:.-]+)/g))
    if (packageJson.scripts?.[match[1]!] === undefined)
      problems.push(`${where}: npm run ${match[1]}: no such script in package.json`);
  for (const match of line.matchAll(/\bnpx (?:--no |--no-install )?([@\w/.-]+)/g))
    if (installed[match[1]!] === undefined)
      problems.push(`${where}: npx ${match[1]}: not a dependency in package.json`);
  return problems;
}
