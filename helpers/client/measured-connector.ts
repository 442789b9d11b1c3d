import { Socket } from 'node:net';
import type { buildConnector as Connector } from 'undici';
import { noteSocketTiming, type SocketTiming } from './socket-timing.js';
import { buildConnector, errors } from './undici-parts.js';

/**
 * The error one of the connector's sockets is emitting right now, or null. It is set just
 * before undici's own `error` listener runs and cleared just after, so a handler callback
 * that undici makes from inside that listener can tell a reset from a clean end.
 */
export interface SocketErrorWatch {
  current: Error | null;
}

/** TLS options of the connector (the CA store is Node's: NODE_EXTRA_CA_CERTS applies). */
export interface MeasuredConnectorTls {
  /** false: accept any server certificate (INSECURE_SKIP_TLS_VERIFY=1; unsafe). */
  rejectUnauthorized?: boolean;
}

/** The connector of the client's own Agent. */
export interface MeasuredConnector {
  /** undici's connector with the connect timeout on the client's own timer. */
  connect: Connector.connector;
  socketErrors: SocketErrorWatch;
}

type ConnectCallback = Connector.Callback;

/**
 * Wraps undici's connector: `connectMs` (TCP and TLS, `0` = none) is timed with a plain
 * `setTimeout` (undici's own connect timer runs on a coarse timer wheel and fires up to
 * about 1 s late), and each socket reports its errors to `socketErrors` (undici ends a
 * body without length that a reset cuts as if it had ended cleanly). It also times each
 * socket's TCP connect and TLS handshake (socket-timing.ts hands them to the first request
 * written on it). Per connection, not per request.
 */
export function createMeasuredConnector(
  connectMs: number,
  tls: MeasuredConnectorTls = {},
): MeasuredConnector {
  const base = buildConnector(
    tls.rejectUnauthorized === false ? { timeout: 0, rejectUnauthorized: false } : { timeout: 0 },
  );
  const socketErrors: SocketErrorWatch = { current: null };
  const noteError = (error: Error) => {
    socketErrors.current = error;
  };
  const clearError = () => {
    socketErrors.current = null;
  };

  function connect(options: Connector.Options, callback: ConnectCallback): void {
    const pending = new PendingConnect(options, connectMs);
    const timing: SocketTiming = {
      startedMs: performance.now(),
      tcpAtMs: null,
      connectingMs: 0,
      tlsHandshakingMs: 0,
      used: false,
    };
    // undici's connector returns the socket (its type says void); the connect-timeout tests
    // fail if a new undici stops doing so.
    const socket: unknown = base(options, (...args: Parameters<ConnectCallback>) => {
      pending.clearTimer();
      const [error, connected] = args;
      if (error !== null) {
        callback(error, null);
        return;
      }
      // undici calls back at `connect` (plain) or `secureConnect` (TLS; `connect` came first).
      const doneMs = performance.now();
      const tcpAtMs = timing.tcpAtMs ?? doneMs;
      timing.connectingMs = tcpAtMs - timing.startedMs;
      timing.tlsHandshakingMs = doneMs - tcpAtMs;
      noteSocketTiming(connected, timing);
      connected.on('error', noteError);
      // undici adds its own socket listeners inside this call: clearError runs after them.
      callback(null, connected);
      connected.on('error', clearError);
    });
    if (socket instanceof Socket) {
      // Per socket, not per request. A name lookup is not connecting (k6 leaves DNS out too).
      socket.once('lookup', () => {
        timing.startedMs = performance.now();
      });
      socket.once('connect', () => {
        timing.tcpAtMs = performance.now();
      });
      pending.arm(socket);
    }
  }

  return { connect, socketErrors };
}

/** The connect timer of one new socket. */
class PendingConnect {
  private timer: NodeJS.Timeout | null = null;
  private socket: Socket | null = null;
  private readonly startedMs = performance.now();

  constructor(
    private readonly options: Connector.Options,
    private readonly connectMs: number,
  ) {}

  arm(socket: Socket): void {
    if (this.connectMs <= 0 || socket.destroyed) return;
    this.socket = socket;
    this.timer = setTimeout(firePendingConnect, this.connectMs, this);
  }

  clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.socket = null;
  }

  onTimer(): void {
    this.timer = null;
    const socket = this.socket;
    if (socket === null) return;
    // setTimeout may fire early: never end a connect before its time.
    const leftMs = this.connectMs - (performance.now() - this.startedMs);
    if (leftMs > 0) {
      this.timer = setTimeout(firePendingConnect, Math.max(1, Math.ceil(leftMs)), this);
      return;
    }
    this.socket = null;
    const { hostname, port } = this.options;
    // undici's own error class and code, so the outcome is `timeout-connect` as before.
    const error = new errors.ConnectTimeoutError(
      `Connect Timeout Error (attempted address: ${hostname}:${port}, timeout: ${this.connectMs}ms)`,
    );
    // The connector's error listener hands this to the callback, as undici's own timer does.
    socket.destroy(error);
  }
}

function firePendingConnect(pending: PendingConnect): void {
  pending.onTimer();
}
