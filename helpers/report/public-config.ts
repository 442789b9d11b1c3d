import { maskUrl } from '../config/mask-url.js';
import type { SuiteConfig, TargetConfig } from '../config/suite-config.js';

/** Whether a secret was configured; its value never leaves the config. */
export type SecretState = 'set' | 'unset';

/** `TargetConfig` with the secrets replaced by whether they were set. */
export interface PublicTargetConfig extends Omit<TargetConfig, 'apiKey' | 'loadTestToken'> {
  /** `API_KEY` was set (its value is never written). */
  apiKey: SecretState;
  /** `LOADTEST_TOKEN` was set (its value is never written). */
  loadTestToken: SecretState;
}

/** The suite config as written to result files: everything but the secret values. */
export interface PublicSuiteConfig extends Omit<SuiteConfig, 'target'> {
  target: PublicTargetConfig;
}

/** The config without API_KEY and LOADTEST_TOKEN values: each marked only as set or unset. */
export function publicSuiteConfig(config: SuiteConfig): PublicSuiteConfig {
  const { apiKey, loadTestToken, ...target } = config.target;
  const client = structuredClone(config.client);
  // A proxy URL may carry a user and password.
  const { httpProxy, httpsProxy } = client.proxy;
  if (httpProxy !== null) client.proxy.httpProxy = maskUrl(httpProxy).shown;
  if (httpsProxy !== null) client.proxy.httpsProxy = maskUrl(httpsProxy).shown;
  return {
    ...structuredClone({
      load: config.load,
      sla: config.sla,
      slo: config.slo,
      capacity: config.capacity,
    }),
    client,
    report: { ...config.report },
    shards: structuredClone(config.shards),
    target: {
      ...target,
      apiKey: stateOf(apiKey),
      loadTestToken: stateOf(loadTestToken),
    },
  };
}

function stateOf(secret: string | null): SecretState {
  return secret === null || secret === '' ? 'unset' : 'set';
}
