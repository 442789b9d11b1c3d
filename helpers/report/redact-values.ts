import { createSecretRedactor, type Redactor } from '../client/secret-redactor.js';

/**
 * A copy of a JSON-like value with every secret (and every piece of one longer than 8
 * characters) replaced by `[redacted]` in every string (keys included). Defence in depth: result files are built from data that should hold no secrets,
 * and this makes sure of it. Returns the value itself when there are no secrets.
 */
export function redactValues<T>(value: T, secrets: readonly string[]): T {
  const active = secrets.filter((secret) => secret.length > 0);
  if (active.length === 0) return value;
  return walk(value, createSecretRedactor(active)) as T;
}

function walk(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, redact));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[redact(key)] = walk(item, redact);
    }
    return out;
  }
  return value;
}
