import { describe, expect, it } from 'vitest';
import { getJson } from '../../helpers/smoke/get-json.js';
import { smokeContext } from '../../helpers/smoke/smoke-context.js';

const smoke = smokeContext();

describe('smoke: GET /v1/version', () => {
  it('answers 200 with JSON', async (context) => {
    context.skip(
      smoke.config.target.skipVersionCheck,
      'SKIP_VERSION_CHECK is set: this server has no /v1/version',
    );
    const url = smoke.url('/v1/version');
    const result = await getJson(url, smoke.headers);

    if (result.kind === 'connection-error') {
      expect.fail(smoke.redact(`GET ${url} failed: ${result.code} ${result.message}`));
    }
    if (result.status === 404) {
      expect.fail(
        `GET ${url} answered 404: this server has no version endpoint ` +
          '(llama.cpp and some other servers do not implement it). ' +
          'Set SKIP_VERSION_CHECK=1 to skip this check for such servers.',
      );
    }
    expect(result.status, smoke.redact(`GET ${url} status`)).toBe(200);
    expect(
      result.kind,
      smoke.redact(
        result.kind === 'not-json'
          ? `GET ${url} did not answer JSON (content-type ${JSON.stringify(result.contentType)}): ${result.bodyStart}`
          : '',
      ),
    ).toBe('json');
  });
});
