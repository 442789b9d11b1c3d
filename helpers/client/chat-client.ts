import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import {
  type ChatClientOptions,
  type ResolvedChatClientOptions,
  resolveChatClientOptions,
  type TimeoutsMs,
} from './chat-client-options.js';
import { type ChatRequest, chatRequestBody } from './chat-request.js';
import { createMeasuredConnector, type SocketErrorWatch } from './measured-connector.js';
import type { Outcome, TimeoutPhase } from './outcome.js';
import type { RequestSample } from './request-sample.js';
import { ResponseMeter } from './response-meter.js';
import { createHeaderRedactor, type Redactor } from './secret-redactor.js';
import {
  type SocketTiming,
  type SocketWriteWatcher,
  watchNextSocketWrite,
} from './socket-timing.js';
import { Agent, EnvHttpProxyAgent } from './undici-parts.js';

/** Sends chat completions and measures each one; see docs/client.md. */
export interface ChatClient {
  /** Sends one request, never retried; resolves with its sample, never rejects. */
  send(request: ChatRequest): Promise<RequestSample>;
  /** Waits for in-flight requests, then closes the client's own Agent (not an injected one). */
  close(): Promise<void>;
}

/** setTimeout's largest delay; longer deadlines are re-armed on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Creates a client; throws ChatClientConfigError (listing every problem) for bad options. */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const resolved = resolveChatClientOptions(options);
  const connector =
    resolved.dispatcher === null
      ? createMeasuredConnector(
          resolved.timeouts.connectMs,
          resolved.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {},
        )
      : null;
  const agentOptions =
    connector === null
      ? null
      : {
          connections: resolved.connections,
          connect: connector.connect,
          // Headers and body silence are timed by the client's own timer (undici's are coarse).
          headersTimeout: 0,
          bodyTimeout: 0,
        };
  const proxy = resolved.proxy;
  const ownAgent: Dispatcher | null =
    agentOptions === null
      ? null
      : proxy === null
        ? new Agent(agentOptions)
        : // Direct (NO_PROXY) origins keep the measured connector; tunnels are undici's own.
          new EnvHttpProxyAgent({
            ...agentOptions,
            ...(proxy.httpProxy ? { httpProxy: proxy.httpProxy } : {}),
            ...(proxy.httpsProxy ? { httpsProxy: proxy.httpsProxy } : {}),
            ...(proxy.noProxy ? { noProxy: proxy.noProxy } : {}),
            ...(resolved.insecureSkipTlsVerify
              ? { requestTls: { rejectUnauthorized: false } }
              : {}),
          });
  // one of the two is set.
  const dispatcher: Dispatcher = resolved.dispatcher ?? ownAgent!;
  // An injected dispatcher's sockets are not watched: nothing is ever reported there.
  const socketErrors: SocketErrorWatch = connector?.socketErrors ?? { current: null };
  const redact = createHeaderRedactor(resolved.headers);
  const streamHeaders = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    ...resolved.headers,
  };
  const jsonHeaders = {
    'content-type': 'application/json',
    accept: 'application/json',
    ...resolved.headers,
  };
  const epochFromClock = options.clock === undefined;

  function send(request: ChatRequest): Promise<RequestSample> {
    try {
      // Last line of defence: whatever goes wrong becomes a sample, never a rejection.
      return sendUnguarded(request).catch((error: unknown) =>
        unsentSample(request, resolved, redact, error),
      );
    } catch (error) {
      return Promise.resolve(unsentSample(request, resolved, redact, error));
    }
  }

  function sendUnguarded(request: ChatRequest): Promise<RequestSample> {
    const body = chatRequestBody(request, resolved.includeUsage);
    const clock = resolved.clock;
    const signal = request.signal;
    const t0Ms = clock();
    const meter = new ResponseMeter({
      t0Ms,
      startEpochMs: epochFromClock ? performance.timeOrigin + t0Ms : Date.now(),
      scenario: request.tags.scenario,
      prompt: request.tags.prompt,
      model: request.model,
      stream: request.stream,
      keepText: resolved.keepText,
      maxBufferedBytes: resolved.maxBufferedBytes,
      redact,
    });
    if (signal?.aborted) {
      meter.fail(t0Ms, { kind: 'aborted', reason: abortReason(signal.reason) });
      return Promise.resolve(meter.sample());
    }
    return new Promise<RequestSample>((resolve) => {
      const handler = new MeasuredRequest(
        meter,
        clock,
        resolved.timeouts,
        socketErrors,
        resolve,
        signal,
      );
      try {
        dispatcher.dispatch(
          {
            origin: resolved.origin,
            path: resolved.path,
            method: 'POST',
            headers: request.stream ? streamHeaders : jsonHeaders,
            body,
            // Also for an injected dispatcher: the client's own timer times the headers.
            headersTimeout: 0,
            bodyTimeout: 0,
          },
          handler,
        );
      } catch (error) {
        // e.g. an invalid header value: undici throws before anything is sent.
        handler.onResponseError(
          undefined,
          error instanceof Error ? error : new Error(String(error)),
        );
      }
      handler.start(t0Ms);
    });
  }

  return {
    send,
    async close() {
      await ownAgent?.close();
    },
  };
}

/** The transport is told to stop with this when the client ends a request itself. */
class RequestEndedByClientError extends Error {
  readonly code = 'ERR_REQUEST_ENDED_BY_CLIENT';
  constructor() {
    super('the client ended the request (timeout, abort or an unusable body)');
    this.name = 'RequestEndedByClientError';
  }
}

/**
 * The undici dispatch handler of one request: stamps each transport event with the clock
 * and hands it to the meter. Timeouts use one timer per request, checked at each phase
 * change (dispatch, request written, headers, first output) and re-armed only when the next
 * deadline comes before the one the timer serves (an early timer just checks and re-arms),
 * since events within a phase only push the deadline later. No per-event timer work.
 */
class MeasuredRequest implements Dispatcher.DispatchHandler, SocketWriteWatcher {
  private controller: Dispatcher.DispatchController | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** The deadline the armed timer serves, on the clock (it may fire before it, not after). */
  private timerAtMs = Number.POSITIVE_INFINITY;
  private started = false;
  private settled = false;
  private sawFirstOutput = false;
  /** When undici began writing the request to a connected socket: the headers phase starts. */
  private sentAtMs: number | null = null;
  /** The request was handed whole to the socket (undici's bodySent). */
  private writtenAtMs: number | null = null;
  private socket: Socket | null = null;
  private connectingMs: number | null = null;
  private tlsHandshakingMs: number | null = null;
  private socketBytesReadAtStart = 0;
  private socketBytesWrittenAtStart = 0;
  /**
   * Chunks stamped but not yet read by the meter, with their arrival times: the first in
   * fields (a paced stream has one per turn of the event loop, and an array that is emptied
   * after each turn would allocate its store again at the next push), any more in arrays.
   */
  private pendingChunk: Buffer | null = null;
  private pendingChunkAtMs = 0;
  private morePending: { chunks: Buffer[]; atMs: number[] } | null = null;

  constructor(
    private readonly meter: ResponseMeter,
    private readonly clock: () => number,
    private readonly timeouts: TimeoutsMs,
    private readonly socketErrors: SocketErrorWatch,
    private readonly resolve: (sample: RequestSample) => void,
    private readonly signal: AbortSignal | undefined,
  ) {
    // The handler itself listens (handleEvent): no closure per request.
    signal?.addEventListener('abort', this, { once: true });
  }

  /** Called right after dispatch: arms the first timeout check. */
  start(nowMs: number): void {
    this.started = true;
    if (!this.settled) this.checkTimeouts(nowMs);
  }

  /** undici calls this just before it writes the request on a connected socket. */
  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Ended (abort, total timeout) while queued in the pool: do not send it now.
    if (this.settled) {
      controller.abort(new RequestEndedByClientError());
      return;
    }
    const atMs = this.clock();
    this.sentAtMs = atMs;
    watchNextSocketWrite(this);
    // On a kept-alive socket this runs inside dispatch(), before start().
    if (this.started) this.checkTimeouts(atMs);
  }

  /** undici writes this request on `socket` (socket-timing.ts). */
  onSocket(socket: Socket, timing: SocketTiming | null): void {
    this.socket = socket;
    this.socketBytesReadAtStart = socket.bytesRead;
    this.socketBytesWrittenAtStart = socket.bytesWritten;
    if (timing === null) return;
    // The first request on a socket carries its opening; a reused connection has 0 (as in k6).
    if (timing.used) {
      this.connectingMs = 0;
      this.tlsHandshakingMs = 0;
    } else {
      timing.used = true;
      this.connectingMs = timing.connectingMs;
      this.tlsHandshakingMs = timing.tlsHandshakingMs;
    }
  }

  /** The whole request was handed to the socket. */
  onWritten(): void {
    this.writtenAtMs = this.clock();
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    const atMs = this.clock();
    this.guard(() => this.meter.onHeaders(atMs, statusCode, headers), atMs);
    if (this.settled) return;
    if (statusCode >= 200) this.checkTimeouts(atMs);
  }

  /**
   * Only stamps the chunk and queues it: the meter reads it after the event loop's poll phase
   * (`processPendingChunks`), so the chunks of other streams read in the same poll are stamped
   * before this one is decoded and parsed, as a bare handler would stamp them.
   */
  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const atMs = this.clock();
    if (this.pendingChunk === null) {
      this.pendingChunk = chunk;
      this.pendingChunkAtMs = atMs;
      queueForProcessing(this);
    } else if (this.morePending === null) {
      this.morePending = { chunks: [chunk], atMs: [atMs] };
    } else {
      this.morePending.chunks.push(chunk);
      this.morePending.atMs.push(atMs);
    }
  }

  /** Hands the queued chunks to the meter, in order, each with its own arrival time. */
  processPendingChunks(): void {
    const chunk = this.pendingChunk;
    if (chunk === null) return;
    this.pendingChunk = null;
    const more = this.morePending;
    this.morePending = null;
    this.readChunk(this.pendingChunkAtMs, chunk);
    if (more === null) return;
    const { chunks, atMs } = more;
    for (let i = 0; i < chunks.length; i++) this.readChunk(atMs[i] as number, chunks[i] as Buffer);
  }

  /** One chunk to the meter; ends the request when the meter is done. */
  private readChunk(atMs: number, chunk: Buffer): void {
    if (this.settled) return;
    const meter = this.meter;
    try {
      meter.onChunk(atMs, chunk);
    } catch (error) {
      meter.fail(atMs, internalError(error));
    }
    if (meter.done) {
      this.complete(true);
    } else if (!this.sawFirstOutput && meter.firstOutputAtMs !== null) {
      // Phase change: the idle deadline may fall before the first-token one, so re-arm once.
      this.sawFirstOutput = true;
      this.checkTimeouts(atMs);
    }
  }

  onResponseEnd(): void {
    const atMs = this.clock();
    this.processPendingChunks();
    // Set when undici ends a body without length from inside a socket's `error` (a reset).
    const socketError = this.socketErrors.current;
    if (socketError === null) {
      this.guard(() => this.meter.onEnd(atMs), atMs);
    } else {
      this.guard(() => this.meter.onEndByError(atMs, socketError), atMs);
    }
    this.complete(false);
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    const atMs = this.clock();
    this.processPendingChunks();
    this.guard(() => this.meter.onError(atMs, error), atMs);
    this.complete(false);
  }

  /** The caller's signal fired (EventListener interface). */
  handleEvent(): void {
    const atMs = this.clock();
    // What arrived before the abort counts, as it would have without the queue.
    this.processPendingChunks();
    this.meter.fail(atMs, { kind: 'aborted', reason: abortReason(this.signal?.reason) });
    this.complete(true);
  }

  /** The timeout timer fired. */
  onTimer(): void {
    this.timer = null;
    this.timerAtMs = Number.POSITIVE_INFINITY;
    // A chunk that came before the deadline ends or moves it: read it first.
    this.processPendingChunks();
    if (!this.settled) this.checkTimeouts(this.clock());
  }

  /** Fails the request if a deadline has passed, else makes sure the timer fires by the next. */
  private checkTimeouts(nowMs: number): void {
    const { meter, timeouts } = this;
    const next = this.nextDeadline();
    if (next !== null && nowMs >= next.atMs) {
      meter.fail(nowMs, { kind: 'timeout', phase: next.phase });
      this.complete(true);
      return;
    }
    let armAtMs = next === null ? Number.POSITIVE_INFINITY : next.atMs;
    // Before the headers, check by t0 + headersMs at the latest: the headers deadline (from
    // the write, not t0) is never earlier, so the write and, when firstTokenMs >= headersMs,
    // the headers need no re-arm. A check before a deadline finds nothing and re-arms.
    if (meter.headersAtMs === null && timeouts.headersMs > 0) {
      armAtMs = Math.min(armAtMs, meter.t0Ms + timeouts.headersMs);
    }
    if (armAtMs === Number.POSITIVE_INFINITY) return;
    // A timer that serves a deadline no later than this one is kept.
    if (this.timer !== null && this.timerAtMs <= armAtMs) return;
    this.clearTimer();
    // setTimeout may fire early; the check above then simply re-arms.
    const delayMs = Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(armAtMs - nowMs)));
    this.timerAtMs = armAtMs;
    this.timer = setTimeout(fireTimer, delayMs, this);
  }

  /** The earliest deadline in force now; the connect timeout is the connector's. */
  private nextDeadline(): { atMs: number; phase: TimeoutPhase } | null {
    const { meter, timeouts } = this;
    // Plain code, no helper closure: this runs a few times per request.
    let atMs = Number.POSITIVE_INFINITY;
    let phase: TimeoutPhase = 'total';
    if (timeouts.totalMs > 0) atMs = meter.t0Ms + timeouts.totalMs;
    if (meter.headersAtMs === null) {
      // 1xx answers leave headersAtMs unset: they do not end or restart this phase.
      const sentAtMs = this.sentAtMs;
      if (timeouts.headersMs > 0 && sentAtMs !== null && sentAtMs + timeouts.headersMs < atMs) {
        atMs = sentAtMs + timeouts.headersMs;
        phase = 'headers';
      }
    } else {
      let limitMs: number;
      let fromMs: number | null;
      let next: TimeoutPhase;
      if (meter.mode === 'sse' && meter.firstOutputAtMs === null) {
        limitMs = timeouts.firstTokenMs;
        fromMs = meter.t0Ms;
        next = 'first-token';
      } else {
        limitMs = timeouts.idleMs;
        fromMs = meter.mode === 'sse' ? meter.lastOutputAtMs : meter.lastChunkAtMs;
        next = 'idle';
      }
      if (limitMs > 0 && fromMs !== null && fromMs + limitMs < atMs) {
        atMs = fromMs + limitMs;
        phase = next;
      }
    }
    return atMs === Number.POSITIVE_INFINITY ? null : { atMs, phase };
  }

  /** Runs a meter call; a bug in it becomes an outcome instead of escaping into undici. */
  private guard(step: () => void, atMs: number): void {
    try {
      step();
    } catch (error) {
      this.meter.fail(atMs, internalError(error));
      this.complete(true);
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      this.timerAtMs = Number.POSITIVE_INFINITY;
    }
  }

  /** Settles once; `stopTransport` aborts the request if undici is still running it. */
  private complete(stopTransport: boolean): void {
    if (this.settled || !this.meter.done) return;
    this.settled = true;
    this.clearTimer();
    this.signal?.removeEventListener('abort', this);
    if (stopTransport && this.controller !== null && !this.controller.aborted) {
      this.controller.abort(new RequestEndedByClientError());
    }
    this.resolve(this.withTransportTimings(this.meter.sample()));
  }

  /** Fills in k6's timing split and byte counts: a few numbers per request. */
  private withTransportTimings(sample: RequestSample): RequestSample {
    const { sentAtMs, writtenAtMs, socket } = this;
    if (sentAtMs === null) return sample;
    sample.blockedMs = sentAtMs - sample.t0Ms;
    sample.connectingMs = this.connectingMs;
    sample.tlsHandshakingMs = this.tlsHandshakingMs;
    if (writtenAtMs !== null) {
      sample.sendingMs = writtenAtMs - sentAtMs;
      const headersAtMs = this.meter.headersAtMs;
      if (headersAtMs !== null) sample.waitingMs = Math.max(0, headersAtMs - writtenAtMs);
    }
    if (socket !== null) {
      sample.dataSentBytes = socket.bytesWritten - this.socketBytesWrittenAtStart;
      sample.dataReceivedBytes = socket.bytesRead - this.socketBytesReadAtStart;
    }
    return sample;
  }
}

function fireTimer(request: MeasuredRequest): void {
  request.onTimer();
}

/** Requests with chunks waiting for the meter, in the order their first chunk came. */
let queuedRequests: MeasuredRequest[] = [];
let processingScheduled = false;

function queueForProcessing(request: MeasuredRequest): void {
  queuedRequests.push(request);
  if (!processingScheduled) {
    processingScheduled = true;
    // The check phase follows the poll phase that read the chunks: stamps first, then work.
    setImmediate(processQueuedRequests);
  }
}

function processQueuedRequests(): void {
  processingScheduled = false;
  const requests = queuedRequests;
  queuedRequests = [];
  for (const request of requests) request.processPendingChunks();
}

function abortReason(reason: unknown): string {
  if (reason instanceof Error && reason.message !== '') return reason.message;
  if (typeof reason === 'string' && reason !== '') return reason;
  return 'the caller aborted the request';
}

function internalError(error: unknown): Outcome {
  return {
    kind: 'connection-error',
    code: 'ERR_CLIENT_INTERNAL',
    message: `the client failed while reading the response: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/** A sample for a request that could not even be handed to undici (bad body, bad header). */
function unsentSample(
  request: ChatRequest,
  resolved: ResolvedChatClientOptions,
  redact: Redactor,
  error: unknown,
): RequestSample {
  const t0Ms = resolved.clock();
  const meter = new ResponseMeter({
    t0Ms,
    startEpochMs: Date.now(),
    scenario: String(request?.tags?.scenario ?? ''),
    prompt: String(request?.tags?.prompt ?? ''),
    model: String(request?.model ?? ''),
    stream: request?.stream === true,
    keepText: false,
    maxBufferedBytes: resolved.maxBufferedBytes,
    redact,
  });
  const code =
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : 'ERR_REQUEST_NOT_SENT';
  meter.fail(t0Ms, {
    kind: 'connection-error',
    code,
    message: `the request could not be sent: ${error instanceof Error ? error.message : String(error)}`,
  });
  return meter.sample();
}
