import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run mutation` takes hours on this machine, so no test runs it whole; this one checks
// that what it would run is there: the script, Stryker's config and the files both select.
const ROOT = resolve(import.meta.dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('npm run mutation', () => {
  it('runs Stryker with the vitest runner on the measurement core', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.mutation).toBe('stryker run');
    const config = (await import(join(ROOT, 'stryker.config.mjs'))).default as {
      testRunner: string;
      vitest: { configFile: string };
      mutate: string[];
      concurrency: number;
    };
    expect(config.testRunner).toBe('vitest');
    expect(config.vitest.configFile).toBe('vitest.mutation.config.ts');
    const folders = config.mutate.filter((g) => !g.startsWith('!')).map((g) => g.split('/*')[0]);
    expect(folders).toEqual(['helpers/metrics', 'helpers/sla', 'helpers/load', 'helpers/client']);
    for (const folder of folders as string[]) {
      const sources = filesUnder(folder).filter(
        (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
      );
      const tests = filesUnder(folder).filter((f) => f.endsWith('.test.ts'));
      expect(sources.length, folder).toBeGreaterThan(3);
      expect(tests.length, folder).toBeGreaterThan(3);
    }
  });

  it("has a vitest config that selects the four folders' unit tests", () => {
    const text = readFileSync(join(ROOT, 'vitest.mutation.config.ts'), 'utf8');
    for (const folder of ['metrics', 'sla', 'load', 'client']) {
      expect(text).toContain(`'helpers/${folder}/**/*.test.ts'`);
    }
  });
});
