/**
 * Whether .dockerignore drops a path from the build context: the last matching pattern wins, `!`
 * re-includes, `*` and `?` match within one path segment, and a match on a folder drops what
 * is under it. (Enough of Docker's rules for this repository's file; `**` is not supported.)
 */
export function dockerignoreExcludes(dockerignore: string, path: string): boolean {
  let excluded = false;
  for (const raw of dockerignore.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\.?\//, '').replace(/\/$/, '');
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}(/.*)?$`,
    );
    if (regex.test(path)) excluded = !negated;
  }
  return excluded;
}
