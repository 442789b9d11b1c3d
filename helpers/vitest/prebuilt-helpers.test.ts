import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  importSuiteReporters,
  type PrebuiltHelpers,
  prebuildHelpers,
  specImportedHelpers,
} from './prebuilt-helpers.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A repository in miniature: the two main-process entries, two helpers and a spec using one. */
function fakeRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'prebuilt-helpers-'));
  roots.push(root);
  const files: Record<string, string> = {
    'helpers/report/suite-reporters.ts':
      "export function suiteReporters(): string[] { return ['default']; }\n",
    'helpers/vitest/global-setup.ts':
      "export default async function setup(): Promise<void> {\n  await import('../lib/late.js');\n}\n",
    'helpers/lib/late.ts': 'export const late: number = 1;\n',
    'helpers/lib/shared.ts':
      'export const counter = { value: 0 };\nexport const where: string = import.meta.url;\nexport const folder: string = import.meta.dirname;\n',
    'helpers/lib/scenario.ts':
      "import { counter, where } from './shared.js';\nexport function useScenario(): string { counter.value += 1; return where; }\n",
    'helpers/lib/other.ts':
      "import { counter } from './shared.js';\nexport function count(): number { return counter.value; }\n",
    'specs/load/a.spec.ts':
      "import { it } from 'vitest';\nimport { useScenario } from '../../helpers/lib/scenario.js';\nimport { count } from '../../helpers/lib/other.js';\nit('runs', () => { useScenario(); count(); });\n",
    'specs/load/notes.md': "import { x } from '../../helpers/lib/late.js';\n",
  };
  for (const [path, text] of Object.entries(files)) write(root, path, text);
  return root;
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function built(result: PrebuiltHelpers): PrebuiltHelpers & { kind: 'built' } {
  if (result.kind !== 'built') throw new Error(`not built: ${result.reason}`);
  return result;
}

const cacheOf = (root: string) => join(root, 'cache');
const prebuild = (root: string, env: Record<string, string> = {}) =>
  prebuildHelpers({ root, env, cacheDir: cacheOf(root) });

describe('specImportedHelpers', () => {
  it('lists the helper modules that spec files import by a relative path, as .ts, sorted', () => {
    const root = fakeRepo();
    write(root, 'specs/smoke/b.spec.ts', "import '../../helpers/lib/late.js';\nimport 'vitest';\n");
    write(root, 'specs/meta/c.spec.ts', "const m = await import('../../helpers/lib/other.js');\n");
    expect(specImportedHelpers(root)).toEqual([
      'helpers/lib/late.ts',
      'helpers/lib/other.ts',
      'helpers/lib/scenario.ts',
    ]);
  });

  it('leaves out imports outside helpers/ and modules that do not exist', () => {
    const root = fakeRepo();
    write(root, 'specs/load/d.spec.ts', "import { x } from '../../fixtures/x.js';\n");
    write(root, 'specs/load/e.spec.ts', "import { y } from '../../helpers/lib/missing.js';\n");
    expect(specImportedHelpers(root)).toEqual(['helpers/lib/other.ts', 'helpers/lib/scenario.ts']);
  });

  it('is empty without a specs folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'prebuilt-helpers-'));
    roots.push(root);
    expect(specImportedHelpers(root)).toEqual([]);
  });
});

describe('prebuildHelpers', () => {
  it('builds the three bundles, then reuses them while no source changes', async () => {
    const root = fakeRepo();
    const first = built(await prebuild(root));
    expect(first.fresh).toBe(true);
    expect(existsSync(first.globalSetup)).toBe(true);
    expect(first.globalSetup.endsWith(join('setup', 'helpers', 'vitest', 'global-setup.mjs'))).toBe(
      true,
    );
    const manifest = JSON.parse(readFileSync(join(first.dir, 'manifest.json'), 'utf8'));
    expect(manifest.specEntries).toEqual(['helpers/lib/other.ts', 'helpers/lib/scenario.ts']);
    expect(Object.keys(manifest.inputs)).toEqual([
      'helpers/lib/late.ts',
      'helpers/lib/other.ts',
      'helpers/lib/scenario.ts',
      'helpers/lib/shared.ts',
      'helpers/report/suite-reporters.ts',
      'helpers/vitest/global-setup.ts',
    ]);

    const second = built(await prebuild(root));
    expect(second.fresh).toBe(false);
    expect(second.dir).toBe(first.dir);
  });

  it('rebuilds when a bundled file changes, when a spec imports another helper, and when the builds are gone', async () => {
    const root = fakeRepo();
    const first = built(await prebuild(root));
    write(
      root,
      'helpers/lib/shared.ts',
      'export const counter = { value: 1 };\nexport const where = "";\n',
    );
    const afterEdit = built(await prebuild(root));
    expect(afterEdit.fresh).toBe(true);
    expect(afterEdit.dir).not.toBe(first.dir);

    write(root, 'specs/load/f.spec.ts', "import { late } from '../../helpers/lib/late.js';\n");
    const afterSpec = built(await prebuild(root));
    expect(afterSpec.fresh).toBe(true);
    expect(afterSpec.dir).not.toBe(afterEdit.dir);

    rmSync(afterSpec.dir, { recursive: true });
    const afterRemoval = built(await prebuild(root));
    expect(afterRemoval.fresh).toBe(true);
    expect(existsSync(join(afterRemoval.dir, 'manifest.json'))).toBe(true);
  });

  it('gives import.meta the source file values, and one module instance to every spec entry', async () => {
    const root = fakeRepo();
    const result = built(await prebuild(root));
    const plugin = result.plugin();
    const resolveId = plugin.resolveId as (source: string, importer?: string) => string | null;
    const importer = join(root, 'specs', 'load', 'a.spec.ts');
    const scenarioPath = resolveId('../../helpers/lib/scenario.js', importer);
    const otherPath = resolveId('../../helpers/lib/other.js', importer);
    expect(scenarioPath).toBe(join(result.dir, 'specs', 'helpers', 'lib', 'scenario.mjs'));
    const scenario = await import(pathToFileURL(scenarioPath as string).href);
    const other = await import(pathToFileURL(otherPath as string).href);
    expect(scenario.useScenario()).toBe(pathToFileURL(join(root, 'helpers/lib/shared.ts')).href);
    expect(scenario.useScenario()).toBe(pathToFileURL(join(root, 'helpers/lib/shared.ts')).href);
    // Both entries see the counter the scenario raised: one shared module, as from source.
    expect(other.count()).toBe(2);
    const reporters = await import(result.reportersUrl);
    expect(reporters.suiteReporters()).toEqual(['default']);
    // The setup's lazy import is a chunk of its own bundle.
    const setup = await import(pathToFileURL(result.globalSetup).href);
    await expect(setup.default()).resolves.toBeUndefined();
  });

  it('redirects only relative imports of bundled helpers made by spec files', async () => {
    const root = fakeRepo();
    const result = built(await prebuild(root));
    const resolveId = result.plugin().resolveId as (source: string, importer?: string) => unknown;
    const spec = join(root, 'specs', 'load', 'a.spec.ts');
    expect(resolveId('../../helpers/lib/scenario.js', join(root, 'helpers', 'x.test.ts'))).toBe(
      null,
    );
    expect(resolveId('../../helpers/lib/late.js', spec)).toBe(null);
    expect(resolveId('vitest', spec)).toBe(null);
    expect(resolveId('../../helpers/lib/scenario.js', undefined)).toBe(null);
    expect(resolveId('../../helpers/lib/scenario.ts', spec)).toBe(
      join(result.dir, 'specs', 'helpers', 'lib', 'scenario.mjs'),
    );
  });

  it('runs from source when PREBUILT_HELPERS turns it off, and names a bad value', async () => {
    const root = fakeRepo();
    for (const value of ['0', 'false', 'off', ' no ']) {
      const result = await prebuild(root, { PREBUILT_HELPERS: value });
      expect(result).toEqual({
        kind: 'source',
        reason: `PREBUILT_HELPERS=${value.trim()}`,
        asked: true,
        globalSetup: join(root, 'helpers', 'vitest', 'global-setup.ts'),
      });
    }
    expect(existsSync(cacheOf(root))).toBe(false);
    const bad = await prebuild(root, { PREBUILT_HELPERS: 'maybe' });
    expect(bad.kind).toBe('source');
    expect(bad.kind === 'source' && bad.asked).toBe(false);
    expect(bad.kind === 'source' && bad.reason).toBe(
      'PREBUILT_HELPERS="maybe" is not one of 1, 0 (also true/false, yes/no, on/off); helpers run from source',
    );
    expect((await prebuild(root, { PREBUILT_HELPERS: 'yes' })).kind).toBe('built');
  });

  it('runs from source, saying why, when the build fails, and leaves no half-written build', async () => {
    const root = fakeRepo();
    write(root, 'helpers/lib/other.ts', 'export function count(: number {\n');
    const result = await prebuild(root);
    expect(result.kind).toBe('source');
    expect(result.kind === 'source' && result.reason).toMatch(
      /^helpers not pre-built \(helpers\/lib\/other\.ts:1:\d+: .+\); they run from source, slower to start$/,
    );
    expect(readdirSync(cacheOf(root))).toEqual([]);
  });

  it('runs from source when the cache folder cannot be made, or esbuild cannot be loaded', async () => {
    const root = fakeRepo();
    writeFileSync(join(root, 'not-a-folder'), '');
    const blocked = await prebuildHelpers({
      root,
      env: {},
      cacheDir: join(root, 'not-a-folder', 'cache'),
    });
    expect(blocked.kind === 'source' && blocked.reason).toMatch(
      /^helpers not pre-built \(.*ENOTDIR/,
    );
    const noEsbuild = await prebuildHelpers({
      root,
      env: {},
      cacheDir: cacheOf(root),
      loadEsbuild: () => Promise.reject(new Error("Cannot find package 'esbuild'")),
    });
    expect(noEsbuild.kind === 'source' && noEsbuild.reason).toBe(
      "helpers not pre-built (Cannot find package 'esbuild'); they run from source, slower to start",
    );
  });

  it('does not reuse a build of another checkout with the same files (its paths are baked in)', async () => {
    const root = fakeRepo();
    const moved = mkdtempSync(join(tmpdir(), 'prebuilt-helpers-moved-'));
    roots.push(moved);
    cpSync(join(root, 'helpers'), join(moved, 'helpers'), { recursive: true });
    cpSync(join(root, 'specs'), join(moved, 'specs'), { recursive: true });
    const cacheDir = cacheOf(root);
    const first = built(await prebuildHelpers({ root, env: {}, cacheDir }));
    const other = built(await prebuildHelpers({ root: moved, env: {}, cacheDir }));
    expect(other.fresh).toBe(true);
    expect(other.dir).not.toBe(first.dir);
    const code = readdirSync(other.dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.mjs'))
      .map((name) => readFileSync(join(other.dir, name), 'utf8'))
      .join('\n');
    expect(code).toContain(pathToFileURL(join(moved, 'helpers/lib/shared.ts')).href);
    expect(code).not.toContain(root);
    expect((await prebuildHelpers({ root, env: {}, cacheDir })).kind === 'built').toBe(true);
    expect(built(await prebuildHelpers({ root, env: {}, cacheDir })).dir).toBe(first.dir);
  });

  it('reuses an older build when the files are back as they were (switching branches)', async () => {
    const root = fakeRepo();
    const before = built(await prebuild(root));
    write(root, 'helpers/lib/late.ts', 'export const late: number = 2;\n');
    const changed = built(await prebuild(root));
    expect(changed.dir).not.toBe(before.dir);
    write(root, 'helpers/lib/late.ts', 'export const late: number = 1;\n');
    const back = built(await prebuild(root));
    expect(back.fresh).toBe(false);
    expect(back.dir).toBe(before.dir);
  });

  it('keeps the 8 builds used last, and deletes older ones only once unused for 15 minutes', async () => {
    const root = fakeRepo();
    const dirs: string[] = [];
    for (let version = 1; version <= 10; version++) {
      write(root, 'helpers/lib/late.ts', `export const late: number = ${version * 10};\n`);
      const result = built(await prebuild(root));
      dirs.push(result.dir);
      // Builds 1 and 2 were last used 16 minutes ago; the others a second apart, in order.
      const usedMs = version <= 2 ? Date.now() - 16 * 60_000 : Date.now() - (10 - version) * 1000;
      utimesSync(result.dir, new Date(usedMs), new Date(usedMs));
    }
    write(root, 'helpers/lib/late.ts', 'export const late: number = 110;\n');
    const newest = built(await prebuild(root));
    const left = readdirSync(cacheOf(root)).map((name) => join(cacheOf(root), name));
    // Newest first: the new one, 10..3 (7 of the 8 kept), then 2 and 1: beyond 8 and stale.
    expect(left.sort()).toEqual([newest.dir, ...dirs.slice(2)].sort());
  });
});

describe('importSuiteReporters', () => {
  const reportersWithPackage = [
    "import { parse } from 'dotenv';",
    "import { where } from '../lib/shared.js';",
    "export function suiteReporters(): string[] { return [parse('A=1').A as string, where]; }",
  ].join('\n');

  it('imports the pre-built bundle, or from source one made in memory, with packages and import.meta resolved', async () => {
    const root = fakeRepo();
    write(root, 'helpers/report/suite-reporters.ts', reportersWithPackage);
    // Packages resolve from the repository's node_modules, as in the real one (rmSync removes
    // the link, not what it points to).
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    const shared = pathToFileURL(join(root, 'helpers/lib/shared.ts')).href;
    const fromBundle = await importSuiteReporters(built(await prebuild(root)), { root });
    const source = await prebuild(root, { PREBUILT_HELPERS: '0' });
    const fromSource = await importSuiteReporters(source, { root });
    for (const module of [fromBundle, fromSource]) {
      expect((module as { suiteReporters(): string[] }).suiteReporters()).toEqual(['1', shared]);
    }
    // Nothing written for the source import: the cache holds the one build only.
    expect(readdirSync(cacheOf(root))).toHaveLength(1);
  });

  it('falls back to tsx when esbuild cannot be loaded', async () => {
    const root = fakeRepo();
    const source = await prebuild(root, { PREBUILT_HELPERS: '0' });
    const module = (await importSuiteReporters(source, {
      root,
      loadEsbuild: () => Promise.reject(new Error('no esbuild')),
    })) as { suiteReporters(): string[] };
    expect(module.suiteReporters()).toEqual(['default']);
  });
});
