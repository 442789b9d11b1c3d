import { type AddressInfo, createServer, type Socket } from 'node:net';

/** One request as the raw server saw it, with the socket to answer on by hand. */
export interface RawExchange {
  socket: Socket;
  /** Request line and headers, as sent. */
  head: string;
  /** Request body, decoded as UTF-8. */
  body: string;
  /** 1 for the first request on this connection, 2 for the next... */
  requestOnConnection: number;
}

/** A loopback TCP server that speaks just enough HTTP/1.1 to hand each request to a test. */
export interface RawServer {
  url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * Starts a raw HTTP server on 127.0.0.1 for socket-level control: exact chunk splits, cuts,
 * resets, silence. `onRequest` writes the whole response itself (see `sseResponseHead`).
 */
export async function startRawServer(
  onRequest: (exchange: RawExchange) => void,
): Promise<RawServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let requests = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    let onConnection = 0;
    socket.on('data', (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      for (;;) {
        const headEnd = buffered.indexOf('\r\n\r\n');
        if (headEnd === -1) return;
        const head = buffered.subarray(0, headEnd).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? '0');
        const bodyStart = headEnd + 4;
        if (buffered.length < bodyStart + length) return;
        const body = buffered.subarray(bodyStart, bodyStart + length).toString('utf8');
        buffered = buffered.subarray(bodyStart + length);
        requests++;
        onConnection++;
        onRequest({ socket, head, body, requestOnConnection: onConnection });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Status line and headers of a chunked response; `extra` adds or replaces headers. */
export function responseHead(
  status: number,
  contentType: string,
  extra: Record<string, string> = {},
): string {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'transfer-encoding': 'chunked',
    ...extra,
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} X\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Status line and headers of a response without length (no `content-length`, not chunked):
 * its body ends when the connection closes.
 */
export function closeDelimitedHead(
  status: number,
  contentType: string,
  extra: Record<string, string> = {},
): string {
  const lines = Object.entries({ 'content-type': contentType, ...extra }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  return `HTTP/1.1 ${status} X\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** The head of a 200 `text/event-stream` chunked response. */
export function sseResponseHead(extra: Record<string, string> = {}): string {
  return responseHead(200, 'text/event-stream', extra);
}

/** One HTTP/1.1 chunk carrying `text`. */
export function httpChunk(text: string): string {
  return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
}

/** The chunk that ends a chunked body. */
export const LAST_HTTP_CHUNK = '0\r\n\r\n';

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
