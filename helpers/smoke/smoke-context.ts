import { apiUrl } from '../client/api-url.js';
import { ConfigError } from '../config/config-error.js';
import { loadEnvironment } from '../config/load-environment.js';
import { authHeaders, redactSecrets, secretValues } from '../config/secrets.js';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { providedTarget } from '../vitest/target.js';

/** What a smoke spec needs: the config, where to send, and how to keep secrets out. */
export interface SmokeContext {
  config: SuiteConfig;
  url(path: string): string;
  headers: Record<string, string>;
  redact(text: string): string;
}

export function smokeContext(): SmokeContext {
  const result = readSuiteConfig(loadEnvironment());
  if (!result.ok) throw new ConfigError(result.problems);
  const { config } = result;
  const { baseUrl } = providedTarget();
  const secrets = secretValues(config.target);
  return {
    config,
    url: (path) => apiUrl(baseUrl, path),
    headers: authHeaders(config.target),
    redact: (text) => redactSecrets(text, secrets),
  };
}
