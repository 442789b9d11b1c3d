import { describe, expect, it } from 'vitest';
import { getJson } from '../../helpers/smoke/get-json.js';
import { checkVersion } from '../../helpers/smoke/smoke-checks.js';
import { smokeContext } from '../../helpers/smoke/smoke-context.js';

const smoke = smokeContext();

describe('smoke: GET /v1/version', () => {
  it('answers 200 with JSON', async (context) => {
    context.skip(
      smoke.config.target.skipVersionCheck,
      'SKIP_VERSION_CHECK is set: this server has no /v1/version',
    );
    const url = smoke.url('/v1/version');
    // The message is already redacted (then cut) by the check.
    const verdict = checkVersion(
      url,
      await getJson(url, smoke.headers, smoke.limits, smoke.transport),
      smoke.redact,
    );
    smoke.record('version', verdict);
    if (!verdict.ok) expect.fail(verdict.message);
  });
});
