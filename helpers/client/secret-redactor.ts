const REDACTED = '[redacted]';

/** Header values shorter than this are not treated as secrets (e.g. `1`, `true`). */
const MIN_SECRET_CHARS = 6;

/** Replaces secrets in a text; applied to every message a sample carries. */
export type Redactor = (text: string) => string;

/**
 * A redactor for the values of the configured request headers: the whole value and, for
 * `Bearer x` / `Basic x` style values, the credential alone (servers often echo only that).
 */
export function createHeaderRedactor(headers: Readonly<Record<string, string>>): Redactor {
  const secrets = new Set<string>();
  for (const value of Object.values(headers)) {
    const trimmed = value.trim();
    if (trimmed.length >= MIN_SECRET_CHARS) secrets.add(trimmed);
    const space = trimmed.indexOf(' ');
    if (space !== -1) {
      const credential = trimmed.slice(space + 1).trim();
      if (credential.length >= MIN_SECRET_CHARS) secrets.add(credential);
    }
  }
  // Longest first, so a full `Bearer x` value is replaced before its `x`.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const secret of ordered) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return result;
  };
}
