import { describe, expect, it } from 'vitest';
import { getJson } from '../../helpers/smoke/get-json.js';
import { checkModelListed } from '../../helpers/smoke/smoke-checks.js';
import { smokeContext } from '../../helpers/smoke/smoke-context.js';

const smoke = smokeContext();

describe('smoke: GET /v1/models', () => {
  it('answers 200 and lists MODEL', async () => {
    const url = smoke.url('/v1/models');
    const result = await getJson(url, smoke.headers, smoke.limits, smoke.transport);
    // The message is already redacted (then cut) by the check.
    const verdict = checkModelListed(url, smoke.config.target.model, result, smoke.redact);
    smoke.record('models', verdict);
    if (!verdict.ok) expect.fail(verdict.message);
  });
});
