import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

/** How one socket of the client's own connector was opened, ms (performance.now clock). */
export interface SocketTiming {
  /** connect() called, or the name lookup done (k6 leaves DNS out of connecting). */
  startedMs: number;
  /** TCP connected; null until then. */
  tcpAtMs: number | null;
  /** TCP connect time (k6's http_req_connecting). */
  connectingMs: number;
  /** TLS handshake time (k6's http_req_tls_handshaking); 0 on a plain socket. */
  tlsHandshakingMs: number;
  /** A request was already written on it: later requests reused the connection. */
  used: boolean;
}

/** What a request learns about the socket undici writes it on. */
export interface SocketWriteWatcher {
  /**
   * undici is writing the request on `socket`; `timing` is null for a socket not opened by a
   * measured connector (an injected dispatcher, a proxy tunnel).
   */
  onSocket(socket: Socket, timing: SocketTiming | null): void;
  /** The whole request was handed to the socket. */
  onWritten(): void;
}

const timings = new WeakMap<object, SocketTiming>();

/** Called by the measured connector once per new socket. */
export function noteSocketTiming(socket: Socket, timing: SocketTiming): void {
  timings.set(socket, timing);
}

/**
 * undici announces the socket a request goes out on through diagnostics channels, in the same
 * synchronous call that runs the handler's onRequestStart: `sendHeaders` (with the socket),
 * then, for a body given whole as ours are, `bodySent`. The handler registers itself in
 * onRequestStart and the next `sendHeaders` is its own. Two module variables and a WeakMap
 * lookup per request; nothing per event.
 */
let awaitingSocket: SocketWriteWatcher | null = null;
let writing: SocketWriteWatcher | null = null;
let writingRequest: unknown = null;
let subscribed = false;

/** Tells `watcher` about the socket undici writes its request on next (call from onRequestStart). */
export function watchNextSocketWrite(watcher: SocketWriteWatcher): void {
  if (!subscribed) {
    subscribed = true;
    subscribe('undici:client:sendHeaders', onSendHeaders);
    subscribe('undici:request:bodySent', onBodySent);
  }
  awaitingSocket = watcher;
}

function onSendHeaders(message: unknown): void {
  const watcher = awaitingSocket;
  awaitingSocket = null;
  if (watcher === null) return;
  const { request, socket } = message as { request: unknown; socket: Socket };
  writing = watcher;
  writingRequest = request;
  watcher.onSocket(socket, timings.get(socket) ?? null);
}

function onBodySent(message: unknown): void {
  if (writing === null || (message as { request: unknown }).request !== writingRequest) return;
  const watcher = writing;
  writing = null;
  writingRequest = null;
  watcher.onWritten();
}
