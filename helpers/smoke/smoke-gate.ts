import { apiUrl } from '../client/api-url.js';
import { createSecretRedactor } from '../client/secret-redactor.js';
import { authHeaders, secretValues } from '../config/secrets.js';
import type { SuiteConfig } from '../config/suite-config.js';
import { getJson } from './get-json.js';
import { checkModelListed, checkVersion, type SmokeVerdict } from './smoke-checks.js';
import { smokeRequestLimits } from './smoke-request-limits.js';
import { readSmokeVerdict, type SmokeCheckName } from './smoke-verdict-file.js';

/** Whether the load may start, and where each smoke verdict came from. */
export type SmokeGateResult =
  | { ok: true; checkedHere: SmokeCheckName[] }
  | { ok: false; reason: string; checkedHere: SmokeCheckName[] };

/**
 * The smoke checks gate the load: each one's verdict is taken from this run's smoke spec
 * (`RESULTS_DIR/.parts/smoke--<check>.verdict`, written by the smoke project, which runs
 * first); a check whose spec did not run in this run (`npx vitest run specs/stream`) is run
 * here, with the same bounds (10 s at most per request). The first failure is the reason.
 */
export async function smokeGate(options: {
  config: SuiteConfig;
  baseUrl: string;
  runId: string | null;
}): Promise<SmokeGateResult> {
  const { config, baseUrl, runId } = options;
  const checks: SmokeCheckName[] = config.target.skipVersionCheck
    ? ['models']
    : ['version', 'models'];
  const checkedHere: SmokeCheckName[] = [];
  for (const check of checks) {
    let verdict = runId === null ? null : readSmokeVerdict(config.report.resultsDir, runId, check);
    if (verdict === null) {
      verdict = await runSmokeCheck(config, baseUrl, check);
      checkedHere.push(check);
    }
    if (!verdict.ok) {
      return {
        ok: false,
        checkedHere,
        reason:
          `the smoke check GET /v1/${check} failed, so no load was sent: ${verdict.message} ` +
          '(set LOAD_DESPITE_SMOKE=1 to run the load anyway)',
      };
    }
  }
  return { ok: true, checkedHere };
}

/** One smoke check, as its spec runs it. */
export async function runSmokeCheck(
  config: SuiteConfig,
  baseUrl: string,
  check: SmokeCheckName,
): Promise<SmokeVerdict> {
  const url = apiUrl(baseUrl, `/v1/${check}`);
  const result = await getJson(
    url,
    authHeaders(config.target),
    smokeRequestLimits(config.client.timeouts),
  );
  const redact = createSecretRedactor(secretValues(config.target));
  return check === 'version'
    ? checkVersion(url, result, redact)
    : checkModelListed(url, config.target.model, result, redact);
}
