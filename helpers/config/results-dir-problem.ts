import { realpathSync, statSync } from 'node:fs';
import { parse, resolve, sep } from 'node:path';

/** Kernel file systems where folders cannot be made (Node's recursive mkdir loops in /proc). */
const PSEUDO_ROOTS = ['/proc', '/sys'];

/**
 * What is wrong with RESULTS_DIR as a place to write results, checked before the run: a
 * path inside /proc or /sys (also through a symbolic link), or a path where an existing part
 * is a file. `null` when the folder exists or could be created; permissions are left to the
 * writers, which report them.
 */
export function resultsDirProblem(
  path: string,
  cwd: string = process.cwd(),
): { expected: string; note: string } | null {
  const absolute = resolve(cwd, path);
  const pseudo = (p: string) => PSEUDO_ROOTS.find((root) => p === root || p.startsWith(`${root}/`));
  const lexical = pseudo(absolute);
  if (lexical !== undefined) return insidePseudo(lexical);

  // Walk down from the root: the first part that is missing ends the walk (the rest is made).
  const { root } = parse(absolute);
  let deepestExisting = root;
  let current = root;
  for (const part of absolute
    .slice(root.length)
    .split(sep)
    .filter((p) => p !== '')) {
    current = current === root ? `${root}${part}` : `${current}${sep}${part}`;
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(current, { throwIfNoEntry: false });
    } catch {
      break; // EACCES and the like: the writers will say.
    }
    if (stats === undefined) break;
    if (!stats.isDirectory()) {
      const note =
        current === absolute
          ? `${current} is a file`
          : `${current} is a file, so no folder can be made under it`;
      return { expected: FOLDER, note };
    }
    deepestExisting = current;
  }
  try {
    const real = realpathSync(deepestExisting);
    const linked = pseudo(real);
    if (linked !== undefined) return insidePseudo(linked, `${deepestExisting} leads to ${real}`);
  } catch {
    // Unreadable: the writers will say.
  }
  return null;
}

const FOLDER = 'a folder, or a path where one can be created';

function insidePseudo(root: string, via?: string): { expected: string; note: string } {
  const how = via === undefined ? '' : ` (${via})`;
  return {
    expected: `${FOLDER}, outside /proc and /sys`,
    note: `${root} is a kernel file system where no folder can be made${how}`,
  };
}
