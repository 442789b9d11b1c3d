import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';
import { FAST, HELLO, postChat } from './sse-test-client.js';

const KEY = 'sk-test-0123456789';
let open: Simulator;
let locked: Simulator;
beforeAll(async () => {
  open = await startSimulator({ ...FAST, contextTokens: 100 });
  locked = await startSimulator({ ...FAST, apiKey: KEY });
});
afterAll(async () => {
  await open.close();
  await locked.close();
});

const errorOf = (text: string) => JSON.parse(text).error;

describe('request errors', () => {
  it('answers invalid JSON with 400 invalid_request_error', async () => {
    const response = await postChat(open.url, '{"messages": [');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(errorOf(response.text)).toMatchObject({
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_json',
    });
  });

  it('answers a missing messages field with 400 naming the param', async () => {
    const response = await postChat(open.url, { model: 'jan-v1-4b' });
    expect(response.status).toBe(400);
    expect(errorOf(response.text)).toMatchObject({
      message: "Missing required parameter: 'messages'.",
      param: 'messages',
    });
  });

  it('answers empty messages with 400', async () => {
    const response = await postChat(open.url, { messages: [] });
    expect(response.status).toBe(400);
    expect(errorOf(response.text).code).toBe('empty_array');
  });

  it('answers a model it does not serve with 404 model_not_found', async () => {
    const response = await postChat(open.url, { model: 'gpt-4o', messages: HELLO });
    expect(response.status).toBe(404);
    expect(errorOf(response.text)).toMatchObject({ code: 'model_not_found', param: 'model' });
    expect(errorOf(response.text).message).toContain('gpt-4o');
  });

  it('answers a request beyond the context window with 400 context_length_exceeded', async () => {
    const response = await postChat(open.url, { messages: HELLO, max_tokens: 500 });
    expect(response.status).toBe(400);
    expect(errorOf(response.text)).toMatchObject({
      code: 'context_length_exceeded',
      param: 'max_tokens',
    });
  });

  it('answers an unknown path with a 404 JSON error', async () => {
    const response = await fetch(`${open.url}/v1/embeddings`);
    expect(response.status).toBe(404);
    expect(errorOf(await response.text()).code).toBe('unknown_url');
  });

  it('answers a wrong method with 405 and an Allow header', async () => {
    const response = await fetch(`${open.url}/v1/chat/completions`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('API key', () => {
  it('answers 401 when the Bearer key does not match, without echoing it', async () => {
    const wrong = 'sk-wrong-key-987';
    const response = await postChat(
      locked.url,
      { messages: HELLO },
      { authorization: `Bearer ${wrong}` },
    );
    expect(response.status).toBe(401);
    expect(errorOf(response.text)).toMatchObject({ code: 'invalid_api_key' });
    expect(response.text).not.toContain(wrong);
    expect(response.text).not.toContain(KEY);
  });

  it('answers 401 when no key is sent', async () => {
    expect((await postChat(locked.url, { messages: HELLO })).status).toBe(401);
  });

  it('protects the GET endpoints too', async () => {
    expect((await fetch(`${locked.url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${locked.url}/v1/version`)).status).toBe(401);
  });

  it('serves a request with the right key', async () => {
    const response = await postChat(
      locked.url,
      { messages: HELLO },
      { authorization: `Bearer ${KEY}` },
    );
    expect(response.status).toBe(200);
  });

  it('leaves the health probe open', async () => {
    expect((await fetch(`${locked.url}/health`)).status).toBe(200);
  });
});

describe('GET endpoints', () => {
  it('lists the served models in the OpenAI list shape', async () => {
    const body = await (await fetch(`${open.url}/v1/models`)).json();
    expect(body).toEqual({
      object: 'list',
      data: [
        {
          id: 'jan-v1-4b',
          object: 'model',
          created: expect.any(Number),
          owned_by: expect.any(String),
        },
      ],
    });
  });

  it('reports its version', async () => {
    const body = await (await fetch(`${open.url}/v1/version`)).json();
    expect(body).toEqual({ version: expect.any(String) });
  });
});
