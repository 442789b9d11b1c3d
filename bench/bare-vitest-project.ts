import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A throw-away Vitest project of trivial test files inside the repo. */
export interface BareVitestProject {
  /** Config file to pass as `vitest run --config <configPath>`. */
  configPath: string;
  files: number;
  /** Deletes the project's directory. */
  remove(): void;
}

/**
 * Writes `files` trivial test files (no helper imported: one `expect` each) and a config
 * that runs only them, each in a worker of its own, under `<repoRoot>/results/` (ignored by
 * git): inside the repo, because the files import `vitest` from its node_modules.
 */
export function writeBareVitestProject(repoRoot: string, files: number): BareVitestProject {
  const parent = join(repoRoot, 'results');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'bench-bare-vitest-'));
  for (let i = 1; i <= files; i++) {
    writeFileSync(
      join(dir, `trivial-${i}.test.ts`),
      `import { expect, it } from 'vitest';\n\nit('adds ${i}', () => {\n  expect(${i} + 1).toBe(${i + 1});\n});\n`,
    );
  }
  const configPath = join(dir, 'vitest.config.mjs');
  const include = `${relative(repoRoot, dir)}/*.test.ts`;
  writeFileSync(
    configPath,
    `export default {\n  test: {\n    root: ${JSON.stringify(repoRoot)},\n    include: [${JSON.stringify(include)}],\n    maxWorkers: ${files},\n    fileParallelism: true,\n  },\n};\n`,
  );
  return { configPath, files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
