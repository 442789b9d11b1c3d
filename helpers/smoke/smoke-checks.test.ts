import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretRedactor, REDACTED } from '../client/secret-redactor.js';
import {
  httpChunk,
  type RawServer,
  responseHead,
  startRawServer,
} from '../client/testing/raw-http-server.js';
import { secretPiecesIn } from '../client/testing/secret-pieces.js';
import { type MswBridge, startMswBridge } from '../testing/msw-bridge.js';
import { type GetJsonResult, getJson as getJsonWithin } from './get-json.js';
import { checkModelListed, checkVersion } from './smoke-checks.js';

const LIMITS = { totalMs: 5000, connectMs: 5000 };
const noSecrets = (text: string): string => text;

function getJson(url: string, headers: Record<string, string>): Promise<GetJsonResult> {
  return getJsonWithin(url, headers, LIMITS);
}

let bridge: MswBridge | null = null;
let raw: RawServer | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
  await raw?.close();
  raw = null;
});

async function serve(...handlers: Parameters<typeof startMswBridge>[0]): Promise<string> {
  bridge = await startMswBridge(handlers);
  return bridge.url;
}

const MODELS = {
  object: 'list',
  data: [
    { id: 'jan-v1-4b', object: 'model' },
    { id: 'qwen3-8b', object: 'model' },
  ],
};

describe('checkModelListed', () => {
  it('passes when the server lists MODEL', async () => {
    const base = await serve(http.get('*/v1/models', () => HttpResponse.json(MODELS)));
    const url = `${base}/v1/models`;
    expect(checkModelListed(url, 'qwen3-8b', await getJson(url, {}), noSecrets)).toEqual({
      ok: true,
    });
  });

  it('lists the served models when MODEL is not among them', async () => {
    const base = await serve(http.get('*/v1/models', () => HttpResponse.json(MODELS)));
    const url = `${base}/v1/models`;
    const verdict = checkModelListed(url, 'llama-3', await getJson(url, {}), noSecrets);
    expect(verdict).toEqual({
      ok: false,
      message: `MODEL "llama-3" is not served by ${url}. The server lists: "jan-v1-4b", "qwen3-8b". Set MODEL to one of them.`,
    });
  });

  it('sends the auth headers and reports a 401 with its body', async () => {
    const base = await serve(
      http.get('*/v1/models', ({ request }) =>
        request.headers.get('authorization') === 'Bearer right'
          ? HttpResponse.json(MODELS)
          : HttpResponse.json(
              { error: { message: 'Invalid API key', code: 'invalid_api_key' } },
              { status: 401 },
            ),
      ),
    );
    const url = `${base}/v1/models`;
    expect(
      checkModelListed(
        url,
        'jan-v1-4b',
        await getJson(url, { authorization: 'Bearer right' }),
        noSecrets,
      ),
    ).toEqual({ ok: true });
    const denied = checkModelListed(url, 'jan-v1-4b', await getJson(url, {}), noSecrets);
    expect(denied.ok).toBe(false);
    expect(!denied.ok && denied.message).toMatch(/answered 401, expected 200: .*Invalid API key/);
  });

  it('says when the answer is not JSON', async () => {
    const base = await serve(
      http.get('*/v1/models', () => HttpResponse.html('<html>gateway</html>', { status: 502 })),
    );
    const url = `${base}/v1/models`;
    const verdict = checkModelListed(url, 'jan-v1-4b', await getJson(url, {}), noSecrets);
    expect(!verdict.ok && verdict.message).toMatch(
      /answered 502 with content-type "text\/html.*not JSON: <html>gateway/,
    );
  });

  it('reads Ollama-style model lists', async () => {
    const base = await serve(
      http.get('*/v1/models', () => HttpResponse.json({ models: [{ name: 'llama3:8b' }] })),
    );
    const url = `${base}/v1/models`;
    expect(checkModelListed(url, 'llama3:8b', await getJson(url, {}), noSecrets)).toEqual({
      ok: true,
    });
  });

  it('reports a server that cannot be reached', async () => {
    const base = await serve();
    await bridge?.close();
    bridge = null;
    const url = `${base}/v1/models`;
    const verdict = checkModelListed(url, 'm', await getJson(url, {}), noSecrets);
    expect(!verdict.ok && verdict.message).toMatch(/failed: ECONNREFUSED/);
  });
});

describe('checkVersion', () => {
  it('passes on 200 with JSON', async () => {
    const base = await serve(http.get('*/v1/version', () => HttpResponse.json({ version: '1' })));
    const url = `${base}/v1/version`;
    expect(checkVersion(url, await getJson(url, {}), noSecrets)).toEqual({ ok: true });
  });

  it('explains a 404 and how to skip the check', async () => {
    const base = await serve(
      http.get('*/v1/version', () => HttpResponse.json({ error: 'Not Found' }, { status: 404 })),
    );
    const url = `${base}/v1/version`;
    const verdict = checkVersion(url, await getJson(url, {}), noSecrets);
    expect(!verdict.ok && verdict.message).toMatch(/no version endpoint.*SKIP_VERSION_CHECK=1/);
  });

  it('fails on 200 with a body that is not JSON', async () => {
    const base = await serve(http.get('*/v1/version', () => HttpResponse.text('v1.2.3')));
    const url = `${base}/v1/version`;
    const verdict = checkVersion(url, await getJson(url, {}), noSecrets);
    expect(!verdict.ok && verdict.message).toMatch(/did not answer JSON .*v1\.2\.3/);
  });
});

// A secret the server echoes (whole, or a long prefix of it) placed across the 200-character
// cut of every message that quotes the server: the check must redact before it cuts.
const KEY = 'sk-probe-SECRET-7f3a9c2e11d04b';
const TOKEN = `tok-${'q7Wm2Kx9Lp4Rz8Tn'.repeat(19)}`.slice(0, 300);
const SECRETS = [KEY, TOKEN];
const redact = createSecretRedactor(SECRETS);

/** Echoes starting at `lead`: the key, a 133-character prefix of the token, the token. */
function echo(lead: number): string {
  return `${'x'.repeat(lead)}${KEY} ${TOKEN.slice(0, 133)} ${TOKEN}`;
}

// Where the echo starts in the message text, so that the cut falls inside a secret.
const LEADS = [150, 185, 195];

describe('smoke messages with a secret across the cut', () => {
  it.each(LEADS)('a 401 JSON body (echo at %d) shows no piece of a secret', async (lead) => {
    const base = await serve(
      http.get('*/v1/models', () =>
        HttpResponse.json({ error: { message: echo(lead) } }, { status: 401 }),
      ),
    );
    const url = `${base}/v1/models`;
    const verdict = checkModelListed(url, 'm', await getJson(url, {}), redact);
    expect(!verdict.ok && verdict.message).toMatch(/answered 401, expected 200/);
    expect(secretPiecesIn(JSON.stringify(verdict), SECRETS)).toEqual([]);
  });

  it.each(LEADS)(
    'a models body that is not JSON (echo at %d) shows no piece of a secret',
    async (lead) => {
      const base = await serve(
        http.get('*/v1/models', () => HttpResponse.text(echo(lead), { status: 502 })),
      );
      const url = `${base}/v1/models`;
      const verdict = checkModelListed(url, 'm', await getJson(url, {}), redact);
      expect(!verdict.ok && verdict.message).toMatch(/not JSON: x+/);
      expect(secretPiecesIn(JSON.stringify(verdict), SECRETS)).toEqual([]);
    },
  );

  it.each(LEADS)(
    'a JSON body without a model list (echo at %d) shows no piece of a secret',
    async (lead) => {
      const base = await serve(
        http.get('*/v1/models', () => HttpResponse.json({ note: echo(lead) })),
      );
      const url = `${base}/v1/models`;
      const verdict = checkModelListed(url, 'm', await getJson(url, {}), redact);
      expect(!verdict.ok && verdict.message).toMatch(/without a model list/);
      expect(secretPiecesIn(JSON.stringify(verdict), SECRETS)).toEqual([]);
    },
  );

  it('a model list that names a secret shows no piece of it', async () => {
    const base = await serve(
      http.get('*/v1/models', () =>
        HttpResponse.json({ data: [{ id: 'a' }, { id: TOKEN.slice(0, 133) }, { id: KEY }] }),
      ),
    );
    const url = `${base}/v1/models`;
    const verdict = checkModelListed(url, 'm', await getJson(url, {}), redact);
    expect(!verdict.ok && verdict.message).toContain(`The server lists: "a", "${REDACTED}"`);
    expect(secretPiecesIn(JSON.stringify(verdict), SECRETS)).toEqual([]);
  });

  it.each(LEADS)(
    'a version body that is not JSON (echo at %d) shows no piece of a secret',
    async (lead) => {
      const base = await serve(http.get('*/v1/version', () => HttpResponse.text(echo(lead))));
      const url = `${base}/v1/version`;
      const verdict = checkVersion(url, await getJson(url, {}), redact);
      expect(!verdict.ok && verdict.message).toMatch(/did not answer JSON/);
      expect(secretPiecesIn(JSON.stringify(verdict), SECRETS)).toEqual([]);
    },
  );

  it('a transport error that quotes a secret shows no piece of it', () => {
    const verdict = checkVersion(
      'http://127.0.0.1:1/v1/version',
      { kind: 'connection-error', code: 'UND_ERR_INFO', message: echo(190) },
      redact,
    );
    expect(secretPiecesIn(JSON.stringify(verdict), SECRETS)).toEqual([]);
  });
});

describe('smoke request time bounds', () => {
  it('fails a body that never ends at the total limit, naming the endpoint, phase and limit', async () => {
    raw = await startRawServer(({ socket }) => {
      // Headers and a first chunk, then nothing: the body never ends.
      socket.write(responseHead(200, 'application/json') + httpChunk('{"data":['));
    });
    const url = `${raw.url}/v1/models`;
    const startedMs = performance.now();
    const result = await getJsonWithin(url, {}, { totalMs: 300, connectMs: 300 });
    const elapsedMs = performance.now() - startedMs;
    expect(result).toEqual({ kind: 'timeout', phase: 'body', limitMs: 300, bytesReceived: 9 });
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(1500);
    const verdict = checkModelListed(url, 'm', result, noSecrets);
    expect(!verdict.ok && verdict.message).toBe(
      `GET ${url} timed out in phase body: the response body had not ended after 300ms ` +
        '(9 bytes had arrived). A smoke request gets at most 10s in all (less when ' +
        'REQUEST_TIMEOUT or, for the connect, CONNECT_TIMEOUT is shorter).',
    );
  });

  it('fails a server that never sends headers in phase headers', async () => {
    raw = await startRawServer(() => {
      // Silence: the request was read, no answer comes.
    });
    const url = `${raw.url}/v1/version`;
    const result = await getJsonWithin(url, {}, { totalMs: 300, connectMs: 300 });
    expect(result).toEqual({ kind: 'timeout', phase: 'headers', limitMs: 300, bytesReceived: 0 });
    const verdict = checkVersion(url, result, noSecrets);
    expect(!verdict.ok && verdict.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/v1\/version timed out in phase headers: no response headers had arrived after 300ms\./,
    );
  });
});
