import { createSecretRedactor } from '../client/secret-redactor.js';
import type { TargetConfig } from './suite-config.js';

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

/**
 * Replaces each secret in `text`, and every piece of one longer than 8 characters, with
 * `[redacted]` (see `createSecretRedactor`, the one redactor of the suite).
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createSecretRedactor(secrets)(text);
}
