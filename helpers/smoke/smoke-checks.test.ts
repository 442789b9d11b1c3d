import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { type MswBridge, startMswBridge } from '../testing/msw-bridge.js';
import { getJson } from './get-json.js';
import { checkModelListed, checkVersion } from './smoke-checks.js';

let bridge: MswBridge | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
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
    expect(checkModelListed(url, 'qwen3-8b', await getJson(url, {}))).toEqual({ ok: true });
  });

  it('lists the served models when MODEL is not among them', async () => {
    const base = await serve(http.get('*/v1/models', () => HttpResponse.json(MODELS)));
    const url = `${base}/v1/models`;
    const verdict = checkModelListed(url, 'llama-3', await getJson(url, {}));
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
      checkModelListed(url, 'jan-v1-4b', await getJson(url, { authorization: 'Bearer right' })),
    ).toEqual({ ok: true });
    const denied = checkModelListed(url, 'jan-v1-4b', await getJson(url, {}));
    expect(denied.ok).toBe(false);
    expect(!denied.ok && denied.message).toMatch(/answered 401, expected 200: .*Invalid API key/);
  });

  it('says when the answer is not JSON', async () => {
    const base = await serve(
      http.get('*/v1/models', () => HttpResponse.html('<html>gateway</html>', { status: 502 })),
    );
    const url = `${base}/v1/models`;
    const verdict = checkModelListed(url, 'jan-v1-4b', await getJson(url, {}));
    expect(!verdict.ok && verdict.message).toMatch(
      /answered 502 with content-type "text\/html.*not JSON: <html>gateway/,
    );
  });

  it('reads Ollama-style model lists', async () => {
    const base = await serve(
      http.get('*/v1/models', () => HttpResponse.json({ models: [{ name: 'llama3:8b' }] })),
    );
    const url = `${base}/v1/models`;
    expect(checkModelListed(url, 'llama3:8b', await getJson(url, {}))).toEqual({ ok: true });
  });

  it('reports a server that cannot be reached', async () => {
    const base = await serve();
    await bridge?.close();
    bridge = null;
    const url = `${base}/v1/models`;
    const verdict = checkModelListed(url, 'm', await getJson(url, {}));
    expect(!verdict.ok && verdict.message).toMatch(/failed: ECONNREFUSED/);
  });
});

describe('checkVersion', () => {
  it('passes on 200 with JSON', async () => {
    const base = await serve(http.get('*/v1/version', () => HttpResponse.json({ version: '1' })));
    const url = `${base}/v1/version`;
    expect(checkVersion(url, await getJson(url, {}))).toEqual({ ok: true });
  });

  it('explains a 404 and how to skip the check', async () => {
    const base = await serve(
      http.get('*/v1/version', () => HttpResponse.json({ error: 'Not Found' }, { status: 404 })),
    );
    const url = `${base}/v1/version`;
    const verdict = checkVersion(url, await getJson(url, {}));
    expect(!verdict.ok && verdict.message).toMatch(/no version endpoint.*SKIP_VERSION_CHECK=1/);
  });

  it('fails on 200 with a body that is not JSON', async () => {
    const base = await serve(http.get('*/v1/version', () => HttpResponse.text('v1.2.3')));
    const url = `${base}/v1/version`;
    const verdict = checkVersion(url, await getJson(url, {}));
    expect(!verdict.ok && verdict.message).toMatch(/did not answer JSON .*v1\.2\.3/);
  });
});
