import type { Dispatcher } from 'undici';
import { apiUrl } from './api-url.js';

/** Per-phase timeouts, ms. `0` disables one. See docs/client.md for what each covers. */
export interface TimeoutsMs {
  /** TCP (and TLS) connect of a new socket; the client's own connector times it (not with an injected dispatcher). */
  connectMs: number;
  /** Request written to the socket -> final response headers; the client's own timer. */
  headersMs: number;
  /** t0 -> first output-bearing event (streams), checked once the headers are in. */
  firstTokenMs: number;
  /** Longest silence after the first output event (streams) or between body chunks (JSON). */
  idleMs: number;
  /** t0 -> end of the request, whatever the phase. */
  totalMs: number;
}

/** Defaults sized for LLMs: long prefills and long generations are normal, hangs are not. */
export const DEFAULT_TIMEOUTS_MS: Readonly<TimeoutsMs> = Object.freeze({
  connectMs: 10_000,
  headersMs: 120_000,
  firstTokenMs: 120_000,
  idleMs: 60_000,
  totalMs: 600_000,
});

/** Default cap on bytes held at once: one pending SSE event, or a whole JSON body. */
export const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface ChatClientOptions {
  /** Server base URL, e.g. `http://127.0.0.1:8080` or `https://host/v1` (`/v1` added once). */
  baseUrl: string;
  /** Extra request headers (e.g. `Authorization`); secret: never copied to samples or messages. */
  headers?: Record<string, string>;
  /** Max sockets to the origin; default: no limit (one socket per in-flight request). */
  connections?: number;
  /** Per-phase timeouts, ms; missing ones take DEFAULT_TIMEOUTS_MS. */
  timeouts?: Partial<TimeoutsMs>;
  /** Send `stream_options: {include_usage: true}` on streams (default true). */
  includeUsage?: boolean;
  /** Keep the generated `content` text on each sample (default false; costs memory). */
  keepText?: boolean;
  /** Max bytes of one SSE event or of a JSON body (default 8 MiB); more is `stream-too-large`. */
  maxBufferedBytes?: number;
  /** Transport to use instead of the client's own Agent (tests); `close()` leaves it open. */
  dispatcher?: Dispatcher;
  /** Clock for every timestamp, ms (default `performance.now`). */
  clock?: () => number;
  /** Accept any server certificate (k6's `insecureSkipTLSVerify`; unsafe, default false). */
  insecureSkipTlsVerify?: boolean;
  /** Forward proxies (HTTP_PROXY, HTTPS_PROXY, NO_PROXY); none set: direct connections. */
  proxy?: ProxySettings;
}

/** Forward proxy URLs as in the usual environment variables; null or '' = not set. */
export interface ProxySettings {
  /** Proxy for `http://` targets (HTTP_PROXY). */
  httpProxy?: string | null;
  /** Proxy for `https://` targets (HTTPS_PROXY). */
  httpsProxy?: string | null;
  /** Hosts reached directly, comma-separated (NO_PROXY; `*` = all). */
  noProxy?: string | null;
}

/** Options after defaults and validation. */
export interface ResolvedChatClientOptions {
  /** `origin` of the chat-completions URL (scheme, host, port). */
  origin: string;
  /** Path and query of the chat-completions URL. */
  path: string;
  headers: Record<string, string>;
  connections: number | null;
  timeouts: TimeoutsMs;
  includeUsage: boolean;
  keepText: boolean;
  maxBufferedBytes: number;
  dispatcher: Dispatcher | null;
  clock: () => number;
  insecureSkipTlsVerify: boolean;
  /** Set when a proxy URL is: the client then dispatches through undici's EnvHttpProxyAgent. */
  proxy: ProxySettings | null;
}

/** One invalid option: which, what it was, how to fix it. */
export interface ChatClientOptionProblem {
  field: string;
  value: string;
  fix: string;
}

/** Thrown by `createChatClient` when options are invalid; lists every problem at once. */
export class ChatClientConfigError extends Error {
  readonly code = 'INVALID_CLIENT_OPTIONS';

  constructor(readonly problems: readonly ChatClientOptionProblem[]) {
    super(
      `Invalid chat client options (${problems.length}):\n${problems
        .map((p) => `  - ${p.field}: ${p.value}; ${p.fix}`)
        .join('\n')}`,
    );
    this.name = 'ChatClientConfigError';
  }
}

const TIMEOUT_KEYS: readonly (keyof TimeoutsMs)[] = [
  'connectMs',
  'headersMs',
  'firstTokenMs',
  'idleMs',
  'totalMs',
];

/** Applies defaults and checks every option; throws ChatClientConfigError listing all problems. */
export function resolveChatClientOptions(options: ChatClientOptions): ResolvedChatClientOptions {
  const problems: ChatClientOptionProblem[] = [];
  let origin = '';
  let path = '';

  if (typeof options.baseUrl !== 'string' || options.baseUrl === '') {
    problems.push({
      field: 'baseUrl',
      value: JSON.stringify(options.baseUrl),
      fix: 'set it to the server, e.g. http://127.0.0.1:8080',
    });
  } else {
    try {
      const url = new URL(apiUrl(options.baseUrl, 'chat/completions'));
      if (url.username !== '' || url.password !== '') {
        problems.push({
          field: 'baseUrl',
          value: 'a URL with user:password@',
          fix: 'remove the credentials from the URL and pass them in `headers`',
        });
      }
      origin = url.origin;
      path = `${url.pathname}${url.search}`;
    } catch (error) {
      problems.push({
        field: 'baseUrl',
        value: 'not a usable URL',
        fix: error instanceof Error ? error.message : String(error),
      });
    }
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value !== 'string') {
      // The value is never printed: headers carry secrets.
      problems.push({ field: `headers.${name}`, value: typeof value, fix: 'use a string value' });
    } else {
      headers[name.toLowerCase()] = value;
    }
  }

  const connections = options.connections ?? null;
  if (connections !== null && !(Number.isInteger(connections) && connections >= 1)) {
    problems.push({
      field: 'connections',
      value: String(connections),
      fix: 'use an integer >= 1, or leave it out for no limit',
    });
  }

  const timeouts: TimeoutsMs = { ...DEFAULT_TIMEOUTS_MS };
  for (const key of TIMEOUT_KEYS) {
    const value = options.timeouts?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push({
        field: `timeouts.${key}`,
        value: String(value),
        fix: 'use a finite number of milliseconds >= 0 (0 disables it)',
      });
    } else {
      timeouts[key] = value;
    }
  }

  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  if (!(Number.isInteger(maxBufferedBytes) && maxBufferedBytes >= 1024)) {
    problems.push({
      field: 'maxBufferedBytes',
      value: String(maxBufferedBytes),
      fix: 'use an integer >= 1024',
    });
  }

  if (options.clock !== undefined && typeof options.clock !== 'function') {
    problems.push({
      field: 'clock',
      value: typeof options.clock,
      fix: 'pass a function returning ms',
    });
  }

  if (problems.length > 0) throw new ChatClientConfigError(problems);

  return {
    origin,
    path,
    headers,
    connections,
    timeouts,
    includeUsage: options.includeUsage ?? true,
    keepText: options.keepText ?? false,
    maxBufferedBytes,
    dispatcher: options.dispatcher ?? null,
    clock: options.clock ?? performance.now.bind(performance),
    insecureSkipTlsVerify: options.insecureSkipTlsVerify === true,
    proxy:
      (options.proxy?.httpProxy ?? '') !== '' || (options.proxy?.httpsProxy ?? '') !== ''
        ? (options.proxy ?? null)
        : null,
  };
}
