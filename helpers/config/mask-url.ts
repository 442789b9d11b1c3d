/** A URL as it may be shown: without user:password, query or fragment, and what was hidden. */
export interface MaskedUrl {
  /** The text with userinfo replaced by `***` and anything from `?` or `#` on dropped. */
  shown: string;
  hasCredentials: boolean;
  hasQueryOrFragment: boolean;
}

/** Schemes the WHATWG URL parser reads with an authority (user:password@host:port). */
const SPECIAL_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'ws:', 'wss:']);

/**
 * Masks whatever in a URL-ish text may hold a credential, whether or not it parses: for a
 * URL that parses with an authority, its exact user, password, query and fragment; for any
 * other text, by string rules (everything up to the last `@` after the scheme, everything
 * from the first `?` or `#`), so a malformed URL cannot echo a password either.
 */
export function maskUrl(text: string): MaskedUrl {
  const parsed = parseUrl(text);
  if (parsed !== null && SPECIAL_SCHEMES.has(parsed.protocol)) {
    const hasCredentials = parsed.username !== '' || parsed.password !== '';
    // `search`/`hash` are '' for a bare `?` or `#`; the text tells those apart.
    const hasQueryOrFragment = parsed.search !== '' || parsed.hash !== '' || /[?#]/.test(text);
    const userinfo = hasCredentials ? '***@' : '';
    return {
      shown: `${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}`,
      hasCredentials,
      hasQueryOrFragment,
    };
  }
  return maskByRules(text);
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function maskByRules(text: string): MaskedUrl {
  // A scheme counts only with its `//`: in `user:pass@host` the `user:` is no scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:[/\\]{2}/i.exec(text);
  const start = scheme === null ? 0 : scheme[0].length;
  // The last `@` anywhere: a password may itself hold `/`, `?`, `#` or `@`.
  const at = text.lastIndexOf('@');
  const hasCredentials = at >= start;
  let shown = hasCredentials ? `${text.slice(0, start)}***${text.slice(at)}` : text;
  const cut = shown.search(/[?#]/);
  const hasQueryOrFragment = cut !== -1;
  if (hasQueryOrFragment) shown = shown.slice(0, cut);
  return { shown, hasCredentials, hasQueryOrFragment };
}

/** `shown` with a note of what was hidden, for a problem message. */
export function describeMaskedUrl(masked: MaskedUrl): string {
  const hidden = [
    ...(masked.hasCredentials ? ['user:password'] : []),
    ...(masked.hasQueryOrFragment ? ['query or fragment'] : []),
  ];
  return hidden.length === 0 ? masked.shown : `${masked.shown} (${hidden.join(' and ')} not shown)`;
}
