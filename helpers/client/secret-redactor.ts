/** What replaces a secret, or a long piece of one, in any text the suite shows. */
export const REDACTED = '[redacted]';

/**
 * The longest piece of a secret that may show: every substring of a secret longer than this
 * is redacted, wherever it appears. A server may echo only part of a key, and a message may
 * be cut anywhere, so matching the whole secret is not enough.
 */
export const MAX_SECRET_PIECE_CHARS = 8;

/** Header values shorter than this are not treated as secrets (e.g. `1`, `true`). */
const MIN_HEADER_SECRET_CHARS = 6;

/** Passes over a text at most; a pass that changes nothing ends the loop early. */
const MAX_PASSES = 3;

/** Replaces secrets in a text; applied to every message that can carry a server's text. */
export type Redactor = (text: string) => string;

/**
 * A redactor for the given secrets. It replaces every run of text made of pieces of a secret
 * longer than `MAX_SECRET_PIECE_CHARS` characters (a secret shorter than that: the whole
 * secret) by `[redacted]`. The JSON-escaped form of a secret counts too, since messages quote
 * JSON bodies. Work is linear in the text's length.
 */
export function createSecretRedactor(secrets: Iterable<string>): Redactor {
  // Window length -> every substring of that length of some secret. A substring longer than
  // the window is a chain of overlapping windows, so marking windows marks all of it.
  const windows = new Map<number, Set<string>>();
  for (const secret of secrets) {
    for (const variant of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      if (variant.length === 0) continue;
      const size = Math.min(variant.length, MAX_SECRET_PIECE_CHARS + 1);
      let set = windows.get(size);
      if (set === undefined) {
        set = new Set();
        windows.set(size, set);
      }
      for (let i = 0; i + size <= variant.length; i++) set.add(variant.slice(i, i + size));
    }
  }
  if (windows.size === 0) return (text) => text;
  const entries = [...windows];
  return (text) => {
    let result = text;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const next = redactOnce(result, entries);
      if (next === result) break;
      result = next;
    }
    return result;
  };
}

function redactOnce(text: string, windows: readonly [number, Set<string>][]): string {
  let marks: Uint8Array | null = null;
  for (const [size, set] of windows) {
    for (let i = 0; i + size <= text.length; i++) {
      if (!set.has(text.slice(i, i + size))) continue;
      marks ??= new Uint8Array(text.length);
      marks.fill(1, i, i + size);
    }
  }
  if (marks === null) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (marks[i] === 0) {
      const start = i;
      while (i < text.length && marks[i] === 0) i++;
      out += text.slice(start, i);
    } else {
      while (i < text.length && marks[i] === 1) i++;
      out += REDACTED;
    }
  }
  return out;
}

/**
 * A redactor for the values of the configured request headers: for `Bearer x` / `Basic x`
 * style values the credential (servers often echo only that), else the whole value.
 */
export function createHeaderRedactor(headers: Readonly<Record<string, string>>): Redactor {
  const secrets = new Set<string>();
  for (const value of Object.values(headers)) {
    const trimmed = value.trim();
    const space = trimmed.indexOf(' ');
    const credential = space === -1 ? '' : trimmed.slice(space + 1).trim();
    // The credential covers the whole `Bearer x` too; the scheme word alone is no secret.
    if (credential.length >= MIN_HEADER_SECRET_CHARS) secrets.add(credential);
    else if (trimmed.length >= MIN_HEADER_SECRET_CHARS) secrets.add(trimmed);
  }
  return createSecretRedactor(secrets);
}

/**
 * The only way a server's text is shortened for a message: redact first, then cut to
 * `maxChars` (plus `…`). Cutting first could leave a piece of a secret that no longer matches
 * it whole. A `[redacted]` marker that the cut would split is kept whole.
 */
export function redactThenCut(text: string, maxChars: number, redact: Redactor): string {
  const clean = redact(text);
  if (clean.length <= maxChars) return clean;
  let end = maxChars;
  const marker = clean.lastIndexOf(REDACTED, end - 1);
  if (marker !== -1 && marker + REDACTED.length > end) end = marker + REDACTED.length;
  return end >= clean.length ? clean : `${clean.slice(0, end)}…`;
}
