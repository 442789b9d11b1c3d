import { type Redactor, redactThenCut } from '../client/secret-redactor.js';
import { formatDurationMs } from '../config/parse-duration.js';
import { type GetJsonResult, modelIds, type SmokeTimeoutPhase } from './get-json.js';
import { SMOKE_REQUEST_LIMIT_MS } from './smoke-request-limits.js';

/** Verdict of one smoke check: a failure carries the message a person needs. */
export type SmokeVerdict = { ok: true } | { ok: false; message: string };

/** A server's text (a body, an error) is quoted up to this many characters. */
export const SMOKE_QUOTE_CHARS = 200;
/** The list of served models is quoted up to this many characters. */
const MODEL_LIST_CHARS = 1000;

const PHASE_TEXT: Readonly<Record<SmokeTimeoutPhase, string>> = {
  connect: 'the connection was not open',
  headers: 'no response headers had arrived',
  body: 'the response body had not ended',
};

function transportProblem(url: string, result: GetJsonResult, redact: Redactor): string | null {
  if (result.kind === 'connection-error') {
    return `GET ${url} failed: ${result.code} ${redactThenCut(result.message, SMOKE_QUOTE_CHARS, redact)}`;
  }
  if (result.kind === 'timeout') {
    const limit = formatDurationMs(result.limitMs);
    const bytes = result.phase === 'body' ? ` (${result.bytesReceived} bytes had arrived)` : '';
    return (
      `GET ${url} timed out in phase ${result.phase}: ${PHASE_TEXT[result.phase]} ` +
      `after ${limit}${bytes}. A smoke request gets at most ${formatDurationMs(SMOKE_REQUEST_LIMIT_MS)} in all ` +
      '(less when REQUEST_TIMEOUT or, for the connect, CONNECT_TIMEOUT is shorter).'
    );
  }
  return null;
}

/** The server's JSON, quoted through the redactor and cut. */
function quoteJson(body: unknown, redact: Redactor): string {
  return redactThenCut(JSON.stringify(body) ?? String(body), SMOKE_QUOTE_CHARS, redact);
}

/**
 * `GET /v1/version` must answer 200 with JSON; a 404 is explained, with the way to skip.
 * Every quote of the server's text goes through `redact` before it is cut.
 */
export function checkVersion(url: string, result: GetJsonResult, redact: Redactor): SmokeVerdict {
  const problem = transportProblem(url, result, redact);
  if (problem !== null) return { ok: false, message: problem };
  if (result.kind === 'connection-error' || result.kind === 'timeout') {
    return { ok: false, message: 'unreachable' };
  }
  if (result.status === 404) {
    return {
      ok: false,
      message:
        `GET ${url} answered 404: this server has no version endpoint ` +
        '(llama.cpp and some other servers do not implement it). ' +
        'Set SKIP_VERSION_CHECK=1 to skip this check for such servers.',
    };
  }
  if (result.status !== 200) {
    return { ok: false, message: `GET ${url} answered ${result.status}, expected 200` };
  }
  if (result.kind === 'not-json') {
    return {
      ok: false,
      message: `GET ${url} did not answer JSON (content-type ${JSON.stringify(result.contentType)}): ${redactThenCut(result.bodyText, SMOKE_QUOTE_CHARS, redact)}`,
    };
  }
  return { ok: true };
}

/**
 * `GET /v1/models` must answer 200 and list `model`; otherwise say which models it has.
 * Every quote of the server's text goes through `redact` before it is cut.
 */
export function checkModelListed(
  url: string,
  model: string,
  result: GetJsonResult,
  redact: Redactor,
): SmokeVerdict {
  const problem = transportProblem(url, result, redact);
  if (problem !== null) return { ok: false, message: problem };
  if (result.kind === 'connection-error' || result.kind === 'timeout') {
    return { ok: false, message: 'unreachable' };
  }
  if (result.kind === 'not-json') {
    return {
      ok: false,
      message:
        `GET ${url} answered ${result.status} with content-type ` +
        `${JSON.stringify(result.contentType)}, not JSON: ${redactThenCut(result.bodyText, SMOKE_QUOTE_CHARS, redact)}`,
    };
  }
  if (result.status !== 200) {
    return {
      ok: false,
      message: `GET ${url} answered ${result.status}, expected 200: ${quoteJson(result.body, redact)}`,
    };
  }
  const served = modelIds(result.body);
  if (served === null) {
    return {
      ok: false,
      message: `GET ${url} answered JSON without a model list (no "data" array): ${quoteJson(result.body, redact)}`,
    };
  }
  if (!served.includes(model)) {
    const list =
      served.length === 0 ? '(no models)' : served.map((id) => JSON.stringify(id)).join(', ');
    return {
      ok: false,
      message: `MODEL ${JSON.stringify(model)} is not served by ${url}. The server lists: ${redactThenCut(list, MODEL_LIST_CHARS, redact)}. Set MODEL to one of them.`,
    };
  }
  return { ok: true };
}
