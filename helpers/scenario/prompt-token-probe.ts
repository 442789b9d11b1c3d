import { createChatClient } from '../client/chat-client.js';
import { authHeaders } from '../config/secrets.js';
import type { SuiteConfig } from '../config/suite-config.js';
import type { PromptTokenProbe } from '../workload/token-calibration.js';

/**
 * A probe that asks the server to count a prompt: one non-stream request, `max_tokens: 1`,
 * EXTRA_BODY merged, never retried and never recorded as a sample. Close it when done.
 */
export function createPromptTokenProbe(
  config: SuiteConfig,
  baseUrl: string,
): { probe: PromptTokenProbe; close: () => Promise<void> } {
  const client = createChatClient({
    baseUrl,
    headers: authHeaders(config.target),
    connections: 1,
    timeouts: config.client.timeouts,
    includeUsage: config.client.includeUsage,
    insecureSkipTlsVerify: config.client.insecureSkipTlsVerify,
    proxy: config.client.proxy,
  });
  const extraBody = config.client.extraBody;
  return {
    async probe(text) {
      const sample = await client.send({
        model: config.target.model,
        messages: [{ role: 'user', content: text }],
        stream: false,
        maxTokens: 1,
        ...(extraBody === null ? {} : { extraBody }),
        tags: { scenario: 'calibration', prompt: 'probe' },
      });
      if (sample.outcome.kind !== 'ok') {
        const status = sample.tags.status === '0' ? '' : ` (status ${sample.tags.status})`;
        return { ok: false, reason: `failed: ${sample.tags.outcome}${status}` };
      }
      if (sample.inputTokens === null) {
        return { ok: false, reason: 'got an answer without usage.prompt_tokens' };
      }
      return { ok: true, promptTokens: sample.inputTokens };
    },
    close: () => client.close(),
  };
}
