import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vitest/config';

/**
 * The suite's helpers, pre-built: three ES module bundles (esbuild, one process's worth of
 * helpers each, with source maps) that Node loads natively instead of Vitest transforming
 * ~100 TypeScript modules in its main process, sending each to every worker and compiling it
 * there. Start-up is the suite's fixed cost; see docs/layout.md ("Pre-built helpers").
 *
 * - `reporters`: `helpers/report/suite-reporters.ts`, for `vitest.config.ts` (Vitest's main
 *   process);
 * - `setup`: `helpers/vitest/global-setup.ts`, the spec projects' global setup (main process);
 * - `specs`: every helper module a spec file imports, one bundle with shared chunks, so that
 *   two helpers imported by one spec share their modules as they do from source.
 *
 * The bundles are rebuilt when any file they were built from changes (content hash), when the
 * spec files import another helper, or when esbuild or this builder changes; otherwise the
 * last build is used (a run pays for hashing ~110 files, a few ms). When they cannot be built
 * (`PREBUILT_HELPERS=0`, no esbuild, `node_modules` not writable, a build error), the suite
 * runs its helpers from source as before, slower to start, and says why on stderr.
 */
export type PrebuiltHelpers =
  | {
      kind: 'built';
      /** The build's directory. */
      dir: string;
      /** True when this call built it; false when an earlier build was reused. */
      fresh: boolean;
      /** Absolute path of the global setup to give Vitest. */
      globalSetup: string;
      /** File URL of the reporters bundle (`suiteReporters`). */
      reportersUrl: string;
      /** Redirects a spec file's import of a helper to its bundle; for the spec projects. */
      plugin: () => Plugin;
    }
  | {
      kind: 'source';
      /** Why the helpers run from source. */
      reason: string;
      /** True when PREBUILT_HELPERS asked for it (nothing to report). */
      asked: boolean;
      /** Absolute path of the global setup (the TypeScript source). */
      globalSetup: string;
    };

/** Bumped whenever what the builder writes changes, so older builds are not reused. */
const BUILDER_VERSION = 2;
const CACHE_FOLDER = 'llm-perf-specs-prebuilt';
const MANIFEST = 'manifest.json';
/** Builds kept for reuse (switching branches back and forth reuses theirs), newest used first. */
const KEPT_BUILDS = 8;
/** A build beyond those is deleted only once unused this long (a run may still be loading it). */
const STALE_BUILD_MS = 15 * 60_000;

const REPORTERS_ENTRY = 'helpers/report/suite-reporters.ts';
const SETUP_ENTRY = 'helpers/vitest/global-setup.ts';
const SPEC_FOLDER = 'specs';
const HELPERS_FOLDER = 'helpers';

/** What a build was made from and what it contains (its `manifest.json`). */
interface Manifest {
  builder: number;
  /**
   * The checkout it was built from: the bundles hold its absolute paths (`import.meta.url` of
   * each source file), so a moved checkout, or another sharing its node_modules, rebuilds.
   */
  root: string;
  esbuild: string;
  /** Spec-imported helper modules (root-relative `.ts` paths), sorted. */
  specEntries: string[];
  /** Every source file the bundles contain, root-relative, with its sha256. */
  inputs: Record<string, string>;
  /** Build directory, relative to the cache folder. */
  dir: string;
}

/** The part of esbuild's API used here (esbuild is loaded only when a build is needed). */
interface EsbuildApi {
  version: string;
  build(
    options: Record<string, unknown>,
  ): Promise<{ errors: unknown[]; outputFiles?: Array<{ text: string }> }>;
}

export interface PrebuildOptions {
  /** Repository root (where `helpers/`, `specs/` and `node_modules/` are). */
  root: string;
  /** The environment (`.env` under the process's); `PREBUILT_HELPERS=0` turns the bundles off. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where builds go; default `<root>/node_modules/.cache/llm-perf-specs-prebuilt`. */
  cacheDir?: string;
  /** Loads esbuild; injectable for tests. */
  loadEsbuild?: () => Promise<EsbuildApi>;
  /** Now, epoch ms (old builds are deleted by age). */
  nowMs?: () => number;
}

/** Builds (or reuses) the helpers' bundles; never throws: a failure means `kind: 'source'`. */
export async function prebuildHelpers(options: PrebuildOptions): Promise<PrebuiltHelpers> {
  const root = resolve(options.root);
  const sourceSetup = join(root, SETUP_ENTRY);
  const setting = options.env.PREBUILT_HELPERS?.trim() ?? '';
  if (/^(0|false|no|off)$/i.test(setting)) {
    return {
      kind: 'source',
      reason: `PREBUILT_HELPERS=${setting}`,
      asked: true,
      globalSetup: sourceSetup,
    };
  }
  if (setting !== '' && !/^(1|true|yes|on)$/i.test(setting)) {
    return {
      kind: 'source',
      reason: `PREBUILT_HELPERS=${JSON.stringify(setting)} is not one of 1, 0 (also true/false, yes/no, on/off); helpers run from source`,
      asked: false,
      globalSetup: sourceSetup,
    };
  }
  const cacheDir = options.cacheDir ?? join(root, 'node_modules', '.cache', CACHE_FOLDER);
  try {
    const specEntries = specImportedHelpers(root);
    const reused = reusableBuild(root, cacheDir, specEntries);
    if (reused !== null) return built(root, join(cacheDir, reused.dir), reused, false);
    const esbuild = await (options.loadEsbuild ?? loadEsbuild)();
    const manifest = await build(root, cacheDir, specEntries, esbuild);
    removeStaleBuilds(cacheDir, manifest.dir, options.nowMs?.() ?? Date.now());
    return built(root, join(cacheDir, manifest.dir), manifest, true);
  } catch (error) {
    return {
      kind: 'source',
      reason: `helpers not pre-built (${describeError(error)}); they run from source, slower to start`,
      asked: false,
      globalSetup: sourceSetup,
    };
  }
}

/** One line: esbuild's first message with its place (`file:line:column: text`), or the error's first line. */
function describeError(error: unknown): string {
  const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
  if (first !== undefined) {
    const where = first.location
      ? `${first.location.file}:${first.location.line}:${first.location.column}: `
      : '';
    return `${where}${first.text}`;
  }
  return String((error as Error).message ?? error).split('\n')[0] as string;
}

interface EsbuildMessage {
  text: string;
  location: { file: string; line: number; column: number } | null;
}

/**
 * The module `helpers/report/suite-reporters.ts`, for `vitest.config.ts`: the pre-built bundle,
 * or from source one bundle made in memory (never written) and imported as a `data:` URL, its
 * packages imported by their resolved file URLs (the same modules Vitest itself loads). A
 * config cannot import the TypeScript itself without Vite's config loader parsing its whole
 * graph on every start; tsx, the last resort (no esbuild), slows every later import of the
 * main process with its loader hooks.
 */
export async function importSuiteReporters(
  prebuilt: PrebuiltHelpers,
  options: { root: string; loadEsbuild?: () => Promise<EsbuildApi> },
): Promise<unknown> {
  if (prebuilt.kind === 'built') return import(prebuilt.reportersUrl);
  const root = resolve(options.root);
  let esbuild: EsbuildApi;
  try {
    esbuild = await (options.loadEsbuild ?? loadEsbuild)();
  } catch {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(join(root, REPORTERS_ENTRY), import.meta.url);
  }
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [REPORTERS_ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    keepNames: true,
    logLevel: 'silent',
    plugins: [sourceLocationPlugin(root, {}), resolvedPackagesPlugin()],
  });
  const code = result.outputFiles?.[0]?.text;
  if (code === undefined) throw new Error(`esbuild wrote no bundle of ${REPORTERS_ENTRY}`);
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** Marks esbuild's own resolve call, so the hook below lets esbuild resolve the name itself. */
const RESOLVING = Symbol('resolving');

/**
 * Leaves every package import external, by the file URL esbuild resolves it to (Node's ESM
 * conditions: the same files Vitest itself loads; a `data:` module cannot resolve a bare name
 * itself); Node's built-in modules as they are. Not the resolve function of `import.meta`:
 * seeing it in the config's graph (even in a comment), Vite's config loader registers a module
 * hook, and on Node 20 that starts a loader thread every later import of the process waits for.
 */
function resolvedPackagesPlugin() {
  return {
    name: 'resolved-packages',
    setup(build: EsbuildPluginBuild) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        if (args.pluginData === RESOLVING) return undefined;
        const found = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: RESOLVING,
        });
        if (found.errors.length > 0) return { errors: found.errors };
        return { path: pathToFileURL(found.path).href, external: true };
      });
    },
  };
}

/** The part of esbuild's plugin API `resolvedPackagesPlugin` uses. */
interface EsbuildPluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (args: {
      path: string;
      kind: string;
      resolveDir: string;
      pluginData: unknown;
    }) => Promise<{ path: string; external: boolean } | { errors: unknown[] } | undefined>,
  ): void;
  resolve(
    path: string,
    options: { kind: string; resolveDir: string; pluginData: unknown },
  ): Promise<{ path: string; errors: unknown[] }>;
}

async function loadEsbuild(): Promise<EsbuildApi> {
  const module = (await import('esbuild')) as unknown as EsbuildApi & { default?: EsbuildApi };
  return typeof module.build === 'function' ? module : (module.default as EsbuildApi);
}

function built(
  root: string,
  dir: string,
  manifest: Manifest,
  fresh: boolean,
): PrebuiltHelpers & { kind: 'built' } {
  const specs = new Set(manifest.specEntries);
  const specsDir = join(root, SPEC_FOLDER) + sep;
  return {
    kind: 'built',
    dir,
    fresh,
    globalSetup: join(dir, 'setup', outputPath(SETUP_ENTRY)),
    reportersUrl: pathToFileURL(join(dir, 'reporters', outputPath(REPORTERS_ENTRY))).href,
    plugin: () => ({
      name: 'llm-perf-specs:prebuilt-helpers',
      enforce: 'pre',
      resolveId(source, importer) {
        if (importer === undefined || !importer.startsWith(specsDir) || !source.startsWith('.')) {
          return null;
        }
        const target = relative(root, resolve(dirname(importer), source.replace(/\.js$/, '.ts')));
        const entry = target.split(sep).join('/');
        return specs.has(entry) ? join(dir, 'specs', outputPath(entry)) : null;
      },
    }),
  };
}

/** `helpers/x/y.ts` -> `helpers/x/y.mjs`: where esbuild writes an entry under its outdir. */
function outputPath(entry: string): string {
  return entry.replace(/\.ts$/, '.mjs');
}

/**
 * The helper modules (root-relative, `.ts`) that some `specs/**\/*.ts` file imports with a
 * relative path, sorted: the entry points of the `specs` bundle.
 */
export function specImportedHelpers(root: string): string[] {
  const entries = new Set<string>();
  const importPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const file of walkTs(join(root, SPEC_FOLDER))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const target = resolve(dirname(file), (match[1] as string).replace(/\.js$/, '.ts'));
      const rel = relative(root, target).split(sep).join('/');
      if (rel.startsWith(`${HELPERS_FOLDER}/`) && existsSync(target)) entries.add(rel);
    }
  }
  return [...entries].sort();
}

function walkTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walkTs(path));
    else if (entry.name.endsWith('.ts')) files.push(path);
  }
  return files.sort();
}

/**
 * A build made from exactly today's files (the most recently used first), or null. Its
 * folder's time is set to now: the builds kept are the ones used last.
 */
function reusableBuild(root: string, cacheDir: string, specEntries: string[]): Manifest | null {
  let esbuildVersion: string;
  try {
    esbuildVersion = installedEsbuildVersion();
  } catch {
    return null;
  }
  // Each file is hashed at most once, however many builds are compared.
  const hashes = new Map<string, string | null>();
  const hashOf = (path: string): string | null => {
    let hash = hashes.get(path);
    if (hash === undefined) {
      try {
        hash = sha256(readFileSync(join(root, path)));
      } catch {
        hash = null;
      }
      hashes.set(path, hash);
    }
    return hash;
  };
  for (const name of buildsByUse(cacheDir).slice(0, KEPT_BUILDS)) {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(join(cacheDir, name, MANIFEST), 'utf8')) as Manifest;
    } catch {
      continue;
    }
    if (
      manifest.builder !== BUILDER_VERSION ||
      manifest.root !== root ||
      manifest.esbuild !== esbuildVersion ||
      manifest.dir !== name ||
      manifest.specEntries.join('\n') !== specEntries.join('\n') ||
      !Object.entries(manifest.inputs).every(([path, hash]) => hashOf(path) === hash)
    ) {
      continue;
    }
    try {
      const now = new Date();
      utimesSync(join(cacheDir, name), now, now);
    } catch {
      // Read-only cache: still usable.
    }
    return manifest;
  }
  return null;
}

/** The build folders, the most recently used (or made) first. */
function buildsByUse(cacheDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(cacheDir).filter((name) => name.startsWith('build-'));
  } catch {
    return [];
  }
  const used = new Map<string, number>();
  for (const name of names) {
    try {
      used.set(name, statSync(join(cacheDir, name)).mtimeMs);
    } catch {
      // Removed meanwhile.
    }
  }
  return [...used.keys()].sort((a, b) => (used.get(b) as number) - (used.get(a) as number));
}

/** esbuild's version as installed beside this module, read without loading esbuild. */
function installedEsbuildVersion(): string {
  const file = createRequire(import.meta.url).resolve('esbuild/package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Builds the three bundles into a new folder; its `manifest.json`, written last, makes it usable. */
async function build(
  root: string,
  cacheDir: string,
  specEntries: string[],
  esbuild: EsbuildApi,
): Promise<Manifest> {
  mkdirSync(cacheDir, { recursive: true });
  const dirName = `build-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const dir = join(cacheDir, dirName);
  const inputs: Record<string, string> = {};
  const groups: Array<[string, string[]]> = [
    ['reporters', [REPORTERS_ENTRY]],
    ['setup', [SETUP_ENTRY]],
    ['specs', specEntries],
  ];
  // Every build ends before the folder is judged: one that fails first must not leave the
  // others writing into a folder already removed.
  const results = await Promise.allSettled(
    groups
      .filter(([, entries]) => entries.length > 0)
      .map(([name, entries]) =>
        esbuild.build({
          absWorkingDir: root,
          entryPoints: entries,
          outbase: root,
          outdir: join(dir, name),
          bundle: true,
          splitting: true,
          format: 'esm',
          platform: 'node',
          target: 'node20',
          // undici, vitest, dotenv... stay packages: one copy, shared with the spec files.
          packages: 'external',
          outExtension: { '.js': '.mjs' },
          chunkNames: 'chunks/[name]-[hash]',
          sourcemap: 'linked',
          sourcesContent: false,
          // Class and function names as in the source (errors, reporters, stack traces).
          keepNames: true,
          logLevel: 'silent',
          plugins: [sourceLocationPlugin(root, inputs)],
        }),
      ),
  );
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    rmSync(dir, { recursive: true, force: true });
    throw failed.reason;
  }
  const manifest: Manifest = {
    builder: BUILDER_VERSION,
    root,
    esbuild: esbuild.version,
    specEntries,
    inputs: Object.fromEntries(Object.entries(inputs).sort(([a], [b]) => a.localeCompare(b))),
    dir: dirName,
  };
  // Atomic: a concurrent run sees a build without a manifest (skipped) or a whole one.
  const temp = join(dir, `${MANIFEST}.tmp`);
  writeFileSync(temp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temp, join(dir, MANIFEST));
  return manifest;
}

/**
 * Reads each TypeScript file itself (recording its hash: what was bundled is what is checked
 * next time) and gives `import.meta.url`, `.dirname` and `.filename` the source file's values,
 * so paths relative to a helper (fixtures, uPlot's files) resolve as they do from source.
 */
function sourceLocationPlugin(root: string, inputs: Record<string, string>) {
  return {
    name: 'source-location',
    setup(build: {
      onLoad(
        options: { filter: RegExp },
        callback: (args: { path: string }) => { contents: string; loader: string },
      ): void;
    }) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const bytes = readFileSync(args.path);
        inputs[relative(root, args.path).split(sep).join('/')] = sha256(bytes);
        const contents = bytes
          .toString('utf8')
          .replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_match, key: string) =>
            JSON.stringify(
              key === 'url'
                ? pathToFileURL(args.path).href
                : key === 'dirname'
                  ? dirname(args.path)
                  : args.path,
            ),
          );
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * Deletes the builds beyond the KEPT_BUILDS most recently used, once unused for STALE_BUILD_MS
 * (a run may still be loading one), and failed builds' folders (no manifest) as old; never
 * `keep`. Errors are ignored: another run may be deleting the same folders.
 */
function removeStaleBuilds(cacheDir: string, keep: string, nowMs: number): void {
  const byUse = buildsByUse(cacheDir);
  byUse.forEach((name, index) => {
    if (name === keep) return;
    const path = join(cacheDir, name);
    try {
      const complete = existsSync(join(path, MANIFEST));
      if ((index >= KEPT_BUILDS || !complete) && nowMs - statSync(path).mtimeMs > STALE_BUILD_MS) {
        rmSync(path, { recursive: true, force: true });
      }
    } catch {
      // Another run removed it first.
    }
  });
}
