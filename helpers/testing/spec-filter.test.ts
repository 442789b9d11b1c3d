import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every file under `dir` (relative to the repository), skipping node_modules and results. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'results') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else out.push(relative(ROOT, join(ROOT, path)));
  }
  return out;
}

describe('npx vitest run specs', () => {
  // Vitest's file filter is a substring of the path: a helper test named *specs* would run
  // inside every user's `npx vitest run specs` (and inside every shard, with its START_AT).
  it('selects only the spec files: no test outside specs/ has "specs" in its path', () => {
    const tests = ['helpers', 'bench', 'deploy']
      .flatMap(filesUnder)
      .filter((f) => /\.test\.ts$/.test(f));
    expect(tests.length).toBeGreaterThan(50);
    expect(tests.filter((f) => f.includes('specs'))).toEqual([]);
  });
});
