import { describe, expect, it } from 'vitest';
import { getJson, modelIds } from '../../helpers/smoke/get-json.js';
import { smokeContext } from '../../helpers/smoke/smoke-context.js';

const smoke = smokeContext();

describe('smoke: GET /v1/models', () => {
  it(`answers 200 and lists MODEL`, async () => {
    const { model } = smoke.config.target;
    const url = smoke.url('/v1/models');
    const result = await getJson(url, smoke.headers);

    if (result.kind === 'connection-error') {
      expect.fail(smoke.redact(`GET ${url} failed: ${result.code} ${result.message}`));
    }
    if (result.kind === 'not-json') {
      expect.fail(
        smoke.redact(
          `GET ${url} answered ${result.status} with content-type ` +
            `${JSON.stringify(result.contentType)}, not JSON: ${result.bodyStart}`,
        ),
      );
    }
    expect(result.status, smoke.redact(`GET ${url} status`)).toBe(200);
    const served = modelIds(result.body);
    if (served === null) {
      expect.fail(
        smoke.redact(
          `GET ${url} answered JSON without a model list (no "data" array): ` +
            JSON.stringify(result.body).slice(0, 200),
        ),
      );
    }
    if (!served.includes(model)) {
      expect.fail(
        smoke.redact(
          `MODEL ${JSON.stringify(model)} is not served by ${url}. ` +
            `The server lists: ${served.length === 0 ? '(no models)' : served.map((id) => JSON.stringify(id)).join(', ')}. ` +
            'Set MODEL to one of them.',
        ),
      );
    }
    expect(served).toContain(model);
  });
});
