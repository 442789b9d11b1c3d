import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type ApiError, apiErrorBody } from './api-error.js';
import { BatchEngine } from './batch-engine.js';
import { createBearerCheck } from './bearer-auth.js';
import { parseChatRequest } from './chat-request.js';
import { type Clock, systemClock } from './clock.js';
import { type CompletionPlan, planCompletion } from './completion-plan.js';
import type { FaultStatus } from './faults.js';
import { NonStreamResponder } from './non-stream-responder.js';
import { createPreciseTimer } from './precise-timer.js';
import { resolveSimulatorOptions } from './resolve-simulator-options.js';
import type { ResponseContext } from './response-context.js';
import {
  makeSelfSignedCertificate,
  readTlsFiles,
  type TlsFiles,
} from './self-signed-certificate.js';
import type { SimulatorOptions } from './simulator-options.js';
import type { SimulatorStats } from './simulator-stats.js';
import { StreamResponder } from './stream-responder.js';
import { createTruthRecord, TruthLog, type TruthOutcome, type TruthRecord } from './truth-log.js';

/** Reported by `GET /v1/version`. */
export const SIMULATOR_VERSION = '0.1.0-sim';

/** A running simulator. */
export interface Simulator {
  /** `http://127.0.0.1:PORT` (`https://` with TLS): no trailing slash, no `/v1`. */
  readonly url: string;
  readonly port: number;
  /**
   * With TLS, the certificate file served (self-signed unless given): what a client in another
   * process trusts with `NODE_EXTRA_CA_CERTS`. null without TLS.
   */
  readonly tlsCertPath: string | null;
  /** The resolved options (defaults filled in). */
  readonly options: Readonly<SimulatorOptions>;
  /** What the server did for each completion, keyed by response id. */
  readonly truth: TruthLog;
  stats(): SimulatorStats;
  /** Stops listening, ends in-flight responses and closes keep-alive sockets. */
  close(): Promise<void>;
}

// Bodies beyond this are refused with 413, so a bad client cannot exhaust memory.
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const CHAT_PATH = '/v1/chat/completions';
const KNOWN_PATHS: Readonly<Record<string, string>> = {
  [CHAT_PATH]: 'POST',
  '/v1/models': 'GET',
  '/v1/version': 'GET',
  '/health': 'GET',
};

const FAULT_ERRORS: Readonly<Record<FaultStatus, Omit<ApiError, 'headers'>>> = {
  500: {
    status: 500,
    message: 'The server had an error while processing your request (simulated fault).',
    type: 'server_error',
    param: null,
    code: 'internal_error',
  },
  503: {
    status: 503,
    message: 'The engine is currently overloaded, please try again later (simulated fault).',
    type: 'server_error',
    param: null,
    code: 'overloaded',
  },
  429: {
    status: 429,
    message: 'Rate limit reached for requests (simulated fault).',
    type: 'requests',
    param: null,
    code: 'rate_limit_exceeded',
  },
};

class RunningSimulator implements Simulator {
  readonly url: string;
  readonly port: number;
  readonly options: Readonly<SimulatorOptions>;
  readonly truth: TruthLog;
  readonly tlsCertPath: string | null;
  readonly #server: Server | HttpsServer;
  readonly #tlsFiles: TlsFiles | null;
  readonly #engine: BatchEngine;
  readonly #clock: Clock;
  readonly #authorized: ((authorization: string | undefined) => boolean) | null;
  readonly #startedS = Math.floor(Date.now() / 1000);
  #closing: Promise<void> | null = null;
  #nextIndex = 0;
  #counts = {
    requests: 0,
    completions: 0,
    inFlight: 0,
    finished: 0,
    errorResponses: 0,
    clientClosed: 0,
  };
  #faults = { status: 0, cut: 0, malformed: 0, stall: 0 };

  constructor(
    server: Server | HttpsServer,
    options: Readonly<SimulatorOptions>,
    clock: Clock,
    tlsFiles: TlsFiles | null,
  ) {
    this.#server = server;
    this.#tlsFiles = tlsFiles;
    this.tlsCertPath = tlsFiles?.certPath ?? null;
    this.options = options;
    this.#clock = clock;
    this.truth = new TruthLog(options.truthLogLimit);
    this.#engine = new BatchEngine(options, clock, createPreciseTimer(clock));
    this.#authorized = options.apiKey === '' ? null : createBearerCheck(options.apiKey);
    const address = server.address() as AddressInfo;
    this.port = address.port;
    const host = ['0.0.0.0', '::', ''].includes(options.host) ? '127.0.0.1' : options.host;
    this.url = `${tlsFiles === null ? 'http' : 'https'}://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
    server.on('request', (req, res) => this.#onRequest(req, res));
  }

  stats(): SimulatorStats {
    const engine = this.#engine.stats();
    return {
      ...this.#counts,
      queued: engine.queued,
      active: engine.active,
      faults: { ...this.#faults },
      steps: engine.steps,
      stepLateMs: engine.stepLateMs,
    };
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      this.#engine.close();
      this.#server.close(() => {
        if (this.#tlsFiles === null) resolve();
        else this.#tlsFiles.remove().then(resolve, resolve);
      });
      this.#server.closeAllConnections();
    });
    return this.#closing;
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const arrivedMs = this.#clock.now();
    this.#counts.requests++;
    const rawUrl = req.url ?? '/';
    const query = rawUrl.indexOf('?');
    const path = query === -1 ? rawUrl : rawUrl.slice(0, query);
    const method = req.method ?? 'GET';

    // Like vLLM, the health probe needs no key; everything else does.
    if (
      this.#authorized !== null &&
      path !== '/health' &&
      !this.#authorized(req.headers.authorization)
    ) {
      req.resume();
      this.#sendError(res, this.#unauthorized(req.headers.authorization !== undefined));
      return;
    }
    const expectedMethod = KNOWN_PATHS[path];
    const llama = this.options.flavor === 'llamacpp';
    // llama-server has no /v1/version.
    if (expectedMethod === undefined || (llama && path === '/v1/version')) {
      req.resume();
      this.#sendError(res, {
        status: 404,
        message: `Invalid URL (${method} ${path})`,
        type: 'invalid_request_error',
        param: null,
        code: 'unknown_url',
      });
      return;
    }
    if (method !== expectedMethod) {
      req.resume();
      this.#sendError(res, {
        status: 405,
        message: `Method ${method} is not allowed on ${path}; use ${expectedMethod}.`,
        type: 'invalid_request_error',
        param: null,
        code: 'method_not_allowed',
        headers: { Allow: expectedMethod },
      });
      return;
    }
    switch (path) {
      case '/health':
        this.#sendJson(res, 200, '{"status":"ok"}');
        return;
      case '/v1/version':
        this.#sendJson(res, 200, JSON.stringify({ version: SIMULATOR_VERSION }));
        return;
      case '/v1/models':
        this.#sendJson(res, 200, this.#modelsBody());
        return;
      default:
        this.#readChat(req, res, arrivedMs);
    }
  }

  #unauthorized(keyGiven: boolean): ApiError {
    // The received key is never echoed, not even masked.
    if (this.options.flavor === 'llamacpp') {
      return {
        status: 401,
        message: 'Invalid API Key',
        type: 'authentication_error',
        param: null,
        code: null,
      };
    }
    return {
      status: 401,
      message: keyGiven
        ? 'Incorrect API key provided.'
        : "You didn't provide an API key. Send it in an Authorization header: 'Authorization: Bearer YOUR_KEY'.",
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    };
  }

  #modelsBody(): string {
    const ownedBy = this.options.flavor === 'llamacpp' ? 'llamacpp' : 'llm-perf-simulator';
    return JSON.stringify({
      object: 'list',
      data: this.options.models.map((id) => ({
        id,
        object: 'model',
        created: this.#startedS,
        owned_by: ownedBy,
      })),
    });
  }

  #readChat(req: IncomingMessage, res: ServerResponse, arrivedMs: number): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        res.shouldKeepAlive = false;
        this.#sendError(res, {
          status: 413,
          message: `Request body is larger than ${MAX_BODY_BYTES} bytes; send a smaller prompt.`,
          type: 'invalid_request_error',
          param: null,
          code: 'request_too_large',
        });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) this.#onChat(res, Buffer.concat(chunks, size).toString('utf8'), arrivedMs);
    });
  }

  #onChat(res: ServerResponse, bodyText: string, arrivedMs: number): void {
    if (this.#closing !== null) {
      res.destroy();
      return;
    }
    const parsed = parseChatRequest(bodyText, this.options.flavor);
    if (!parsed.ok) {
      this.#sendError(res, parsed.error);
      return;
    }
    const planned = planCompletion(
      parsed.request,
      this.options,
      this.#nextIndex,
      Math.floor(Date.now() / 1000),
    );
    if (!planned.ok) {
      this.#sendError(res, planned.error);
      return;
    }
    const plan = planned.plan;
    this.#nextIndex++;
    this.#counts.completions++;
    const record = createTruthRecord(plan, arrivedMs);
    this.truth.add(record);
    if (plan.fault.kind !== 'none') this.#faults[plan.fault.kind]++;

    if (plan.fault.kind === 'status') {
      this.#sendPlannedError(res, record, this.#faultError(plan.fault.status));
      return;
    }
    if (!this.#engine.hasRoom()) {
      this.#sendPlannedError(res, record, {
        status: 503,
        message: `The server is overloaded: ${this.options.queueLimit} requests are already waiting (queueLimit). Retry later.`,
        type: 'server_error',
        param: null,
        code: 'queue_full',
      });
      return;
    }
    this.#serve(res, plan, record);
  }

  #serve(res: ServerResponse, plan: CompletionPlan, record: TruthRecord): void {
    this.#counts.inFlight++;
    const context: ResponseContext = {
      res,
      plan,
      record,
      clock: this.#clock,
      options: this.options,
      onSettled: (outcome) => this.#settled(outcome),
      isClosing: () => this.#closing !== null,
    };
    const responder = plan.stream ? new StreamResponder(context) : new NonStreamResponder(context);
    res.on('close', () => responder.onClose());
    const stall = plan.fault.kind === 'stall' ? plan.fault : null;
    const handle = this.#engine.submit(
      { promptTokens: plan.promptTokens, outputTokens: plan.completionTokens, stall },
      responder,
    );
    responder.attach(handle);
  }

  #settled(outcome: TruthOutcome): void {
    this.#counts.inFlight--;
    if (outcome === 'finished') this.#counts.finished++;
    else if (outcome === 'client-closed') this.#counts.clientClosed++;
  }

  #faultError(status: FaultStatus): ApiError {
    if (status !== 429) return FAULT_ERRORS[status];
    const retryAfterMs = this.options.faultRetryAfterMs;
    return {
      ...FAULT_ERRORS[429],
      headers: {
        'Retry-After': String(Math.ceil(retryAfterMs / 1000)),
        'Retry-After-Ms': String(Math.round(retryAfterMs)),
      },
    };
  }

  #sendPlannedError(res: ServerResponse, record: TruthRecord, error: ApiError): void {
    this.#sendError(res, { ...error, headers: { ...error.headers, 'X-Request-Id': record.id } });
    const now = this.#clock.now();
    record.status = error.status;
    record.headersMs = now;
    record.endMs = now;
    record.outcome = 'error-status';
  }

  #sendError(res: ServerResponse, error: ApiError): void {
    this.#counts.errorResponses++;
    this.#sendJson(res, error.status, apiErrorBody(error, this.options.flavor), error.headers);
  }

  #sendJson(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Readonly<Record<string, string>> = {},
  ): void {
    res.writeHead(status, {
      ...headers,
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  }
}

/**
 * Starts the simulator on `options.host`:`options.port` (default 127.0.0.1, ephemeral port).
 * Throws `SimulatorOptionsError` listing every bad option.
 */
export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const resolved = resolveSimulatorOptions(options);
  const tlsFiles =
    resolved.tlsCert !== ''
      ? await readTlsFiles(resolved.tlsCert, resolved.tlsKey)
      : resolved.tls
        ? await makeSelfSignedCertificate()
        : null;
  const server =
    tlsFiles === null
      ? createServer({ noDelay: true, keepAliveTimeout: 5000 })
      : createHttpsServer({
          noDelay: true,
          keepAliveTimeout: 5000,
          cert: tlsFiles.certPem,
          key: tlsFiles.keyPem,
        });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // A large backlog so 1000 clients connecting at once are not refused.
      server.listen({ host: resolved.host, port: resolved.port, backlog: 4096 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await tlsFiles?.remove();
    throw error;
  }
  return new RunningSimulator(server, resolved, systemClock, tlsFiles);
}
