import type { Outcome, OutcomeCode } from './outcome.js';

/** Tags carried by every sample; k6-style selectors filter on them. */
export interface SampleTags {
  /** `chat_stream` or `chat_nonstream` (or a custom scenario name). */
  scenario: string;
  /** Prompt fixture tag: `short`, `cot`, or a custom one. */
  prompt: string;
  /** HTTP status as text; "0" when no response came. */
  status: string;
  model: string;
  /** "true" or "false". */
  stream: 'true' | 'false';
  outcome: OutcomeCode;
  /** Turn of a multi-turn workload conversation ("1", "2", ...); absent otherwise. */
  turn?: string;
}

/** Where `outputTokens` came from. */
export type TokenSource = 'usage' | 'events';

/**
 * One chat-completion request as measured by the client: a flat record.
 * All durations are milliseconds from t0, the moment the request was handed to undici,
 * and `null` when the request never reached that point.
 */
export interface RequestSample {
  tags: SampleTags;
  outcome: Outcome;
  /** Wall-clock time of t0, epoch ms (performance.timeOrigin + performance.now()). */
  startEpochMs: number;
  /** t0 on this process's performance.now() clock, ms. */
  t0Ms: number;
  /** t0 -> response headers. */
  ttfbMs: number | null;
  /** t0 -> socket chunk that completed the first output-bearing event (non-stream: = totalMs). */
  ttftMs: number | null;
  /** Like ttftMs, but only `delta.content` counts. */
  ttfcMs: number | null;
  /** Response headers -> end of the request (totalMs - ttfbMs); k6's http_req_receiving. */
  receivingMs: number | null;
  /**
   * k6's timing split (docs/metrics.md), set by the client's own connector; null when the
   * request never reached that point or came through an injected dispatcher.
   * t0 -> the request got a socket (queue, and on a new socket connecting and TLS).
   */
  blockedMs: number | null;
  /** TCP connect of the socket this request opened; 0 on a reused socket. */
  connectingMs: number | null;
  /** TLS handshake of the socket this request opened; 0 on a reused or plain socket. */
  tlsHandshakingMs: number | null;
  /** Writing the request to the socket (headers and body handed to the kernel). */
  sendingMs: number | null;
  /** Request written -> response headers (k6's http_req_waiting). */
  waitingMs: number | null;
  /** Bytes this request wrote to its socket (over TLS: the plaintext; the handshake is not counted). */
  dataSentBytes: number | null;
  /** Bytes this request read from its socket (over TLS: the plaintext; the handshake is not counted). */
  dataReceivedBytes: number | null;
  /**
   * t0 -> last body byte (also reported as http_req_duration); for a failed request, t0 ->
   * the moment it ended (error, timeout, abort).
   */
  totalMs: number | null;
  /** `X-Queue-Time` response header, ms, when present and numeric. */
  queueMs: number | null;
  /**
   * usage.completion_tokens, else (streams) the number of output-bearing events; null for a
   * non-stream body without usage and when no 2xx body came.
   */
  outputTokens: number | null;
  tokenSource: TokenSource | null;
  /** usage.prompt_tokens. */
  inputTokens: number | null;
  /** outputTokens / (totalMs / 1000). */
  tokensPerSec: number | null;
  /** (last output event - first output event) / (outputTokens - 1); streams with >= 2 tokens. */
  tpotMs: number | null;
  /** 1000 / tpotMs; null when tpotMs is null or 0. */
  decodeTokensPerSec: number | null;
  /** Gaps between consecutive output-bearing events, ms (streams only). */
  itlMs: number[];
  /** Longest gap in itlMs. */
  stallMs: number | null;
  /** Number of SSE events that carried output. */
  outputEvents: number;
  /** The response's `id` field (completion id), when one came; correlates with server logs. */
  responseId: string | null;
  /** The generated `content` text, only when the client was asked to keep it (debugging). */
  text?: string;
}
