import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** A loopback HTTP server answering with msw handlers. */
export interface MswBridge {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

/**
 * Serves msw handlers over a real loopback socket, for clients msw cannot intercept
 * (undici's own `request`/`dispatch`). Each request becomes a Fetch `Request`, msw 2's
 * `getResponse` picks the answer, and a `ReadableStream` body is written chunk by chunk, so
 * SSE events reach the client one by one. `HttpResponse.error()` destroys the connection.
 * No handler matched: 501 with a JSON error naming the method and path.
 */
export async function startMswBridge(handlers: readonly RequestHandler[]): Promise<MswBridge> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(handlers, req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `msw bridge: ${String(error)}` } }));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  handlers: readonly RequestHandler[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const method = req.method ?? 'GET';
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = method !== 'GET' && method !== 'HEAD' && chunks.length > 0;
  const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : null,
  });

  const response = await getResponse([...handlers], request);
  if (response === undefined) {
    res.writeHead(501, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { message: `msw bridge: no handler for ${method} ${req.url}` } }),
    );
    return;
  }
  if (response.type === 'error') {
    res.destroy();
    return;
  }

  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    outHeaders[name] = value;
  });
  res.writeHead(response.status, response.statusText, outHeaders);
  // Headers go out at once, as a real server's do before the first token.
  res.flushHeaders();
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.once('close', () => {
    reader.cancel().catch(() => {});
  });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (res.destroyed) return;
    await new Promise<void>((resolve, reject) =>
      res.write(value, (error) => (error ? reject(error) : resolve())),
    );
  }
  res.end();
}
