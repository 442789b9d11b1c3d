import { HttpResponse, http } from 'msw';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type MswBridge, startMswBridge } from './msw-bridge.js';

let bridge: MswBridge | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

describe('startMswBridge', () => {
  it('answers undici requests with the msw handler, body and headers included', async () => {
    bridge = await startMswBridge([
      http.post('*/echo', async ({ request: incoming }) =>
        HttpResponse.json(
          { got: await incoming.json(), auth: incoming.headers.get('x-test') },
          { status: 201, headers: { 'x-from': 'msw' } },
        ),
      ),
    ]);
    const response = await request(`${bridge.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-from']).toBe('msw');
    expect(await response.body.json()).toEqual({ got: { a: 1 }, auth: 'yes' });
  });

  it('streams a ReadableStream body chunk by chunk, as they are produced', async () => {
    bridge = await startMswBridge([
      http.post('*/sse', () => {
        const encoder = new TextEncoder();
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (sent === 3) return controller.close();
            if (sent > 0) await new Promise((resolve) => setTimeout(resolve, 60));
            controller.enqueue(encoder.encode(`data: ${sent++}\n\n`));
          },
        });
        return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
      }),
    ]);
    const response = await request(`${bridge.url}/sse`, { method: 'POST', body: '{}' });
    const arrivals: number[] = [];
    const chunks: string[] = [];
    for await (const chunk of response.body) {
      arrivals.push(performance.now());
      chunks.push(String(chunk));
    }
    expect(chunks.join('')).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\n');
    expect(chunks.length).toBe(3);
    expect((arrivals[2] as number) - (arrivals[0] as number)).toBeGreaterThanOrEqual(100);
  });

  it('answers 501 naming the request when no handler matches', async () => {
    bridge = await startMswBridge([]);
    const response = await request(`${bridge.url}/nothing`, { method: 'GET' });
    expect(response.statusCode).toBe(501);
    expect(await response.body.text()).toContain('GET /nothing');
  });

  it('drops the connection for HttpResponse.error()', async () => {
    bridge = await startMswBridge([http.get('*/fail', () => HttpResponse.error())]);
    await expect(request(`${bridge.url}/fail`, { method: 'GET' })).rejects.toThrow(
      expect.objectContaining({ code: 'UND_ERR_SOCKET', message: 'other side closed' }),
    );
  });
});
