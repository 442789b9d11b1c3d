import { connect, createServer, type Server, type Socket } from 'node:net';

/** A loopback forward proxy for tests: tunnels (CONNECT) to 127.0.0.1 only, and counts tunnels. */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Tunnels opened so far. */
  tunnels(): number;
  close(): Promise<void>;
}

/** Starts a CONNECT-only proxy on 127.0.0.1; anything else, or another host, gets 403. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  let tunnels = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((downstream) => {
    open.add(downstream);
    downstream.on('error', () => downstream.destroy());
    downstream.once('data', (head) => {
      const match = /^CONNECT ([^ :]+):(\d+) HTTP\/1\.1\r\n/.exec(head.toString('latin1'));
      if (match === null || match[1] !== '127.0.0.1') {
        downstream.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      tunnels++;
      const target = connect(Number(match[2]), '127.0.0.1', () => {
        downstream.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        target.pipe(downstream);
        downstream.pipe(target);
      });
      open.add(target);
      target.on('error', () => downstream.destroy());
      downstream.on('close', () => target.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels: () => tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
