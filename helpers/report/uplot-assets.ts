import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** uPlot's browser build and stylesheet, inlined into report.html. */
export interface UplotAssets {
  /** `uPlot.iife.min.js`: defines the global `uPlot`. */
  js: string;
  /** `uPlot.min.css`. */
  css: string;
}

/** Reads uPlot from the installed `uplot` package (node_modules/uplot/dist), at report time. */
export function readUplotAssets(): UplotAssets {
  const require = createRequire(import.meta.url);
  const dist = join(dirname(require.resolve('uplot/package.json')), 'dist');
  return {
    js: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
  };
}
