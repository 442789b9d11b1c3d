import { readSuiteConfig } from '../../helpers/config/suite-config.js';

/** The secrets: they may reach a deployment only from a secret store, never as a literal. */
export const SECRET_KNOBS: readonly string[] = ['API_KEY', 'LOADTEST_TOKEN'];

/**
 * Names in the first column of README.md's knob tables (every table whose first header is
 * `variable`), e.g. `| \`CI\` / \`JUNIT\` | ...` gives CI and JUNIT.
 */
export function readmeKnobNames(readme: string): Set<string> {
  const names = new Set<string>();
  let inKnobTable = false;
  for (const line of readme.split('\n')) {
    if (!line.startsWith('|')) {
      inKnobTable = false;
      continue;
    }
    const firstCell = line.split('|')[1]?.trim() ?? '';
    if (firstCell === 'variable') {
      inKnobTable = true;
      continue;
    }
    if (!inKnobTable) continue;
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(match[1]!);
  }
  return names;
}

/** Every variable the config reader looks at, found by reading through a recording proxy. */
export function configKnobNames(): Set<string> {
  const names = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name === 'string') names.add(name);
      return undefined;
    },
  });
  readSuiteConfig(env);
  return names;
}

/** The knobs a deployment file may set: those the config reads and those README.md lists. */
export function knobNames(readme: string): Set<string> {
  return new Set([...configKnobNames(), ...readmeKnobNames(readme)]);
}
