import type { TargetConfig } from './suite-config.js';

const REDACTED = '[redacted]';

/** The headers that carry the configured credentials; the only place secrets are used. */
export function authHeaders(target: TargetConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  if (target.apiKey !== null) headers.authorization = `Bearer ${target.apiKey}`;
  if (target.loadTestToken !== null) headers['x-loadtest-token'] = target.loadTestToken;
  return headers;
}

/** The configured secret values, for redaction. */
export function secretValues(target: TargetConfig): string[] {
  return [target.apiKey, target.loadTestToken].filter(
    (value): value is string => value !== null && value !== '',
  );
}

/** Replaces every occurrence of each secret in `text` with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    result = result.split(secret).join(REDACTED);
  }
  return result;
}
