import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

/** What a list of folder patterns matched. */
export interface GlobExpansion {
  /** Existing folders matched, absolute, sorted, each once. */
  dirs: string[];
  /** Patterns that matched no folder. */
  unmatched: string[];
}

/**
 * Expands folder patterns where `*` matches any run of characters and `?` one character within
 * one path segment (`results/shard-*`, `/mnt/results/*`); a pattern without them names one
 * folder. Node 20 has no `fs.glob`, and folders are all a merge needs. Hidden entries match only
 * a segment that starts with a dot.
 */
export function expandGlobs(patterns: readonly string[], cwd: string): GlobExpansion {
  const found = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const absolute = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
    const segments = absolute.split(sep).filter((s) => s !== '');
    let current: string[] = [sep];
    for (const segment of segments) {
      const next: string[] = [];
      const matcher = segmentMatcher(segment);
      for (const dir of current) {
        if (matcher === null) {
          const path = join(dir, segment);
          if (existsSync(path)) next.push(path);
          continue;
        }
        let names: string[] = [];
        try {
          names = readdirSync(dir);
        } catch {
          continue; // not a folder, or unreadable: nothing under it matches
        }
        for (const name of names.sort()) {
          if (name.startsWith('.') && !segment.startsWith('.')) continue;
          if (matcher.test(name)) next.push(join(dir, name));
        }
      }
      current = next;
    }
    const dirs = current.filter((path) => isDirectory(path));
    if (dirs.length === 0) unmatched.push(pattern);
    for (const dir of dirs) found.add(dir);
  }
  return { dirs: [...found].sort(), unmatched };
}

function segmentMatcher(segment: string): RegExp | null {
  if (!/[*?]/.test(segment)) return null;
  const body = segment
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
