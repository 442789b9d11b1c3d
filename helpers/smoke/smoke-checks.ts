import { type GetJsonResult, modelIds } from './get-json.js';

/** Verdict of one smoke check: a failure carries the message a person needs. */
export type SmokeVerdict = { ok: true } | { ok: false; message: string };

function transportProblem(url: string, result: GetJsonResult): SmokeVerdict | null {
  if (result.kind === 'connection-error') {
    return { ok: false, message: `GET ${url} failed: ${result.code} ${result.message}` };
  }
  return null;
}

/** `GET /v1/version` must answer 200 with JSON; a 404 is explained, with the way to skip. */
export function checkVersion(url: string, result: GetJsonResult): SmokeVerdict {
  const problem = transportProblem(url, result);
  if (problem) return problem;
  if (result.kind === 'connection-error') return { ok: false, message: 'unreachable' };
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
      message: `GET ${url} did not answer JSON (content-type ${JSON.stringify(result.contentType)}): ${result.bodyStart}`,
    };
  }
  return { ok: true };
}

/** `GET /v1/models` must answer 200 and list `model`; otherwise say which models it has. */
export function checkModelListed(url: string, model: string, result: GetJsonResult): SmokeVerdict {
  const problem = transportProblem(url, result);
  if (problem) return problem;
  if (result.kind === 'connection-error') return { ok: false, message: 'unreachable' };
  if (result.kind === 'not-json') {
    return {
      ok: false,
      message:
        `GET ${url} answered ${result.status} with content-type ` +
        `${JSON.stringify(result.contentType)}, not JSON: ${result.bodyStart}`,
    };
  }
  if (result.status !== 200) {
    return {
      ok: false,
      message: `GET ${url} answered ${result.status}, expected 200: ${JSON.stringify(result.body).slice(0, 200)}`,
    };
  }
  const served = modelIds(result.body);
  if (served === null) {
    return {
      ok: false,
      message: `GET ${url} answered JSON without a model list (no "data" array): ${JSON.stringify(result.body).slice(0, 200)}`,
    };
  }
  if (!served.includes(model)) {
    const list =
      served.length === 0 ? '(no models)' : served.map((id) => JSON.stringify(id)).join(', ');
    return {
      ok: false,
      message: `MODEL ${JSON.stringify(model)} is not served by ${url}. The server lists: ${list}. Set MODEL to one of them.`,
    };
  }
  return { ok: true };
}
