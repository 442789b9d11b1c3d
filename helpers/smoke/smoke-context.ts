import { apiUrl } from '../client/api-url.js';
import { createSecretRedactor, type Redactor } from '../client/secret-redactor.js';
import { ConfigError } from '../config/config-error.js';
import { loadEnvironment } from '../config/load-environment.js';
import { authHeaders, secretValues } from '../config/secrets.js';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { providedRunId } from '../vitest/run-id.js';
import { providedTarget } from '../vitest/target.js';
import type { SmokeRequestLimits, SmokeTransport } from './get-json.js';
import type { SmokeVerdict } from './smoke-checks.js';
import { smokeRequestLimits } from './smoke-request-limits.js';
import { type SmokeCheckName, writeSmokeVerdict } from './smoke-verdict-file.js';

/** What a smoke spec needs: the config, where to send, its time bounds, and the redactor. */
export interface SmokeContext {
  config: SuiteConfig;
  url(path: string): string;
  headers: Record<string, string>;
  limits: SmokeRequestLimits;
  /** TLS and proxy settings, as the load client uses them. */
  transport: SmokeTransport;
  /** Keeps API_KEY and LOADTEST_TOKEN (and long pieces of them) out of every message. */
  redact: Redactor;
  /** Leaves the verdict for the load specs of this run, which do not start after a failure. */
  record(check: SmokeCheckName, verdict: SmokeVerdict): void;
}

export function smokeContext(): SmokeContext {
  const result = readSuiteConfig(loadEnvironment());
  if (!result.ok) throw new ConfigError(result.problems);
  const { config } = result;
  const { baseUrl } = providedTarget();
  return {
    config,
    url: (path) => apiUrl(baseUrl, path),
    headers: authHeaders(config.target),
    limits: smokeRequestLimits(config.client.timeouts),
    transport: {
      insecureSkipTlsVerify: config.client.insecureSkipTlsVerify,
      proxy: config.client.proxy,
    },
    redact: createSecretRedactor(secretValues(config.target)),
    record(check, verdict) {
      const runId = providedRunId();
      if (runId !== null) writeSmokeVerdict(config.report.resultsDir, runId, check, verdict);
    },
  };
}
