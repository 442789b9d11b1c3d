import { redactSecrets } from '../config/secrets.js';

/**
 * A copy of a JSON-like value with every secret replaced by `[redacted]` in every string (keys
 * included). Defence in depth: result files are built from data that should hold no secrets,
 * and this makes sure of it. Returns the value itself when there are no secrets.
 */
export function redactValues<T>(value: T, secrets: readonly string[]): T {
  const active = secrets.filter((secret) => secret.length > 0);
  if (active.length === 0) return value;
  return walk(value, active) as T;
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[redactSecrets(key, secrets)] = walk(item, secrets);
    }
    return out;
  }
  return value;
}
