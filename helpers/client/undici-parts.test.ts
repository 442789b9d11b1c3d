import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import * as undici from 'undici';
import { describe, expect, it } from 'vitest';
import * as parts from './undici-parts.js';

describe('undici-parts', () => {
  it("are undici's own classes and functions, as its index exports them", () => {
    expect(parts.Agent).toBe(undici.Agent);
    expect(parts.EnvHttpProxyAgent).toBe(undici.EnvHttpProxyAgent);
    expect(parts.errors).toBe(undici.errors);
    expect(parts.buildConnector).toBe(undici.buildConnector);
  });

  it("give an Agent undici's request API (what index.js adds to every dispatcher)", () => {
    for (const method of ['request', 'stream', 'pipeline', 'connect', 'upgrade'] as const) {
      expect(parts.Agent.prototype[method]).toBe(undici.Dispatcher.prototype[method]);
      expect(typeof parts.Agent.prototype[method]).toBe('function');
    }
  });

  it("alone, give the request API without loading undici's index (fetch, WebSocket, caches)", () => {
    // A fresh process: here undici's index is loaded already (by this file's import).
    const script = [
      "const { createRequire } = await import('node:module');",
      "const parts = await import('./helpers/client/undici-parts.ts');",
      'const cache = createRequire(import.meta.url).cache;',
      'const loaded = Object.keys(cache).map((file) => file.split("node_modules/undici/")[1]).filter(Boolean);',
      'console.log(JSON.stringify({ request: typeof parts.Agent.prototype.request, index: loaded.includes("index.js"), fetch: loaded.some((f) => f.startsWith("lib/web/")) }));',
    ].join('\n');
    const root = resolve(import.meta.dirname, '..', '..');
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: root, encoding: 'utf8' },
    );
    expect(JSON.parse(output)).toEqual({ request: 'function', index: false, fetch: false });
  });
});
