import { apiUrl } from '../client/api-url.js';
import { type GetSample, measuredGet } from '../client/measured-get.js';
import { outcomeCode } from '../client/outcome.js';
import { createHeaderRedactor } from '../client/secret-redactor.js';
import { Agent } from '../client/undici-parts.js';
import { authHeaders } from '../config/secrets.js';
import type { SuiteConfig } from '../config/suite-config.js';
import type { IterationContext } from '../load/run-arrivals.js';
import type { MetricStore } from '../metrics/metric-store.js';

/** The `prompt` tag (and part key) of the meta scenario: it sends no prompt. */
export const META_PROMPT_TAG = 'endpoints';

/** One GET of a meta iteration, as recorded: the sample, and the tags it carries. */
export interface MetaRequest {
  sample: GetSample;
  /** `GET /v1/version` or `GET /v1/models` (the `name` tag, as k6 names requests). */
  name: string;
}

export interface MetaIteration {
  /** One iteration: `GET /v1/version` (unless SKIP_VERSION_CHECK), then `GET /v1/models`. */
  iterate(ctx: IterationContext): Promise<void>;
  close(): Promise<void>;
}

/**
 * The seed's `meta` scenario: per iteration `GET /v1/version` then `GET /v1/models`, one after
 * the other, never retried. Each GET records `http_reqs`, `http_req_failed`,
 * `http_req_duration` (t0 -> last body byte) and `llm_ttfb_ms` (t0 -> headers), tagged
 * `scenario:meta`, `prompt:endpoints`, `name`, `status`, `model`, `stream:false` and `outcome`;
 * the iteration's `schedule_lag_ms` goes with its first GET.
 */
export function metaIteration(options: {
  config: SuiteConfig;
  baseUrl: string;
  store: MetricStore;
  onRequest?: (request: MetaRequest) => void;
}): MetaIteration {
  const { config, store } = options;
  const { timeouts } = config.client;
  const agent = new Agent({
    connections: config.client.connections,
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.headersMs,
    bodyTimeout: 0,
  });
  const headers = authHeaders(config.target);
  const redact = createHeaderRedactor(headers);
  const paths = config.target.skipVersionCheck ? ['/v1/models'] : ['/v1/version', '/v1/models'];
  const endpoints = paths.map((path) => {
    const url = new URL(apiUrl(options.baseUrl, path));
    return { origin: url.origin, path: `${url.pathname}${url.search}`, name: `GET ${path}` };
  });
  const model = config.target.model;

  return {
    async iterate(ctx) {
      let lagMs: number | null = ctx.scheduleLagMs;
      for (const endpoint of endpoints) {
        if (ctx.signal.aborted) return;
        const sample = await measuredGet({
          dispatcher: agent,
          origin: endpoint.origin,
          path: endpoint.path,
          headers,
          headersTimeoutMs: timeouts.headersMs,
          totalTimeoutMs: timeouts.totalMs,
          signal: ctx.signal,
          redact,
        });
        const outcome = outcomeCode(sample.outcome);
        const status = String(sample.status ?? 0);
        const tagSet = store.internTags({
          scenario: 'meta',
          prompt: META_PROMPT_TAG,
          name: endpoint.name,
          status,
          model,
          stream: 'false',
          outcome,
        });
        const at = sample.startEpochMs;
        const failed = outcome !== 'ok' || !/^2\d\d$/.test(status);
        store.add('http_reqs', tagSet, 1, at);
        store.add('http_req_failed', tagSet, failed ? 1 : 0, at);
        store.add('http_req_duration', tagSet, sample.totalMs, at);
        if (sample.ttfbMs !== null) store.add('llm_ttfb_ms', tagSet, sample.ttfbMs, at);
        if (lagMs !== null) store.add('schedule_lag_ms', tagSet, lagMs, at);
        lagMs = null;
        options.onRequest?.({ sample, name: endpoint.name });
      }
    },
    close: () => agent.close(),
  };
}
