/** Variables a child Node process needs from ours; nothing else of ours is passed on. */
const ESSENTIALS = ['PATH', 'HOME', 'TMPDIR', 'LANG'] as const;

/**
 * The explicit environment of a suite run started by the bench: the essentials of ours
 * (PATH, HOME, TMPDIR, LANG), then every variable named in the repo's `.env` set to empty,
 * then `knobs`. The suite always reads `.env` under the process environment and takes an
 * empty value as unset, so the empty values switch every line of a user's `.env` off
 * (its knobs fall back to their defaults) without touching the file.
 */
export function specEnvironment(options: {
  inherited: Readonly<Record<string, string | undefined>>;
  envFileKeys: readonly string[];
  knobs: Readonly<Record<string, string>>;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ESSENTIALS) {
    const value = options.inherited[name];
    if (value !== undefined) env[name] = value;
  }
  for (const key of options.envFileKeys) if (!(key in env)) env[key] = '';
  return { ...env, ...options.knobs };
}
