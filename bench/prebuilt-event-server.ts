// Bench server child: answers chat completions with pre-built bytes (cached per shape), so
// it can serve faster than any client reads. The yardstick for "a server that is not the
// bottleneck". Started by child-server.ts; argv[2] is `{"model": "..."}` as JSON.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpuMs, sendToParent, serveParent } from './child-ipc.js';
import { monotonicOriginMs } from './ipc-protocol.js';
import { prebuiltCompletion, prebuiltStream } from './prebuilt-responses.js';

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_TOKENS = 1_000_000;
const DEFAULT_TOKENS = 16;

interface Shape {
  stream: boolean;
  tokens: number;
}

/** Reads `stream` and `max_tokens` from a request body; anything unusable gives null. */
function readShape(body: string): Shape | null {
  try {
    const parsed = JSON.parse(body) as { stream?: unknown; max_tokens?: unknown };
    const tokens = parsed.max_tokens ?? DEFAULT_TOKENS;
    if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 1) return null;
    if (tokens > MAX_TOKENS) return null;
    return { stream: parsed.stream === true, tokens };
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const { model = 'bench-model' } = JSON.parse(process.argv[2] ?? '{}') as { model?: string };
  // Few distinct shapes are ever asked for; cache the bytes of each.
  const cache = new Map<string, Buffer>();
  const bytesOf = (shape: Shape): Buffer => {
    const key = `${shape.stream}:${shape.tokens}`;
    let bytes = cache.get(key);
    if (bytes === undefined) {
      const text = shape.stream
        ? prebuiltStream(model, shape.tokens)
        : prebuiltCompletion(model, shape.tokens);
      bytes = Buffer.from(text, 'utf8');
      if (cache.size > 64) cache.clear();
      cache.set(key, bytes);
    }
    return bytes;
  };

  const answer = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const shape = req.url?.startsWith('/v1/chat/completions') ? readShape(body) : null;
    if (shape === null) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end('{"error":{"message":"bench server: POST /v1/chat/completions with max_tokens"}}');
      return;
    }
    const bytes = bytesOf(shape);
    if (shape.stream) {
      // Chunked, like a real SSE stream; one write: the kernel splits it by socket buffer.
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
    }
    res.end(bytes);
  };

  const server = createServer({ noDelay: true, keepAliveTimeout: 5000 }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  serveParent(
    (message) => {
      switch (message.type) {
        case 'ping':
          return { type: 'pong', id: message.id, nowMs: performance.now() };
        case 'usage':
          return { type: 'usage', id: message.id, cpuMs: cpuMs(), nowMs: performance.now() };
        case 'truth':
          return { type: 'error', id: message.id, message: 'the pre-built server keeps no truth' };
      }
    },
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  sendToParent({
    type: 'ready',
    url: `http://127.0.0.1:${port}`,
    monotonicOriginMs: monotonicOriginMs(),
  });
}

main().catch((error: unknown) => {
  sendToParent({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
