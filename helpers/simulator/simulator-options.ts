/** Wire dialect: `openai` (as OpenAI and vLLM send it) or `llamacpp` (llama.cpp's server). */
export type SimulatorFlavor = 'openai' | 'llamacpp';

/** When a non-stream response sends its headers: on leaving the queue, or with the body. */
export type NonStreamHeadersAt = 'admit' | 'end';

/** Every setting of the simulator; all times in milliseconds. */
export interface SimulatorOptions {
  /** Interface to listen on. */
  host: string;
  /** TCP port; 0 picks a free ephemeral port. */
  port: number;
  /** Model ids served; the first answers requests that name no model. */
  models: string[];
  /** When not empty, every request must send `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Wire dialect: `openai` (OpenAI/vLLM) or `llamacpp`. */
  flavor: SimulatorFlavor;
  /** Concurrent sequences (batch slots); requests beyond wait in a FIFO queue. */
  slots: number;
  /** Most requests allowed to wait in the queue; more get 503. 0 = unbounded. */
  queueLimit: number;
  /** Fixed part of prefill, ms. */
  prefillBaseMs: number;
  /** Prefill time per prompt token, ms. */
  prefillPerTokenMs: number;
  /** Extra time added to every prefill, ms (makes the server slow to first token). */
  extraTtftMs: number;
  /** Fixed part of one decode step, ms. */
  decodeBaseMs: number;
  /** Decode step time added per active sequence, ms. */
  decodePerActiveMs: number;
  /** Typical output length of a plain prompt without max_tokens, tokens. */
  outputTokens: number;
  /** Typical output length of a chain-of-thought prompt without max_tokens, tokens. */
  cotOutputTokens: number;
  /** Relative spread of default output lengths: uniform in n*(1 +/- jitter). */
  outputTokensJitter: number;
  /** Context window; prompt + max_tokens beyond it is answered 400. */
  contextTokens: number;
  /** Tokens carried by one SSE content event (llama.cpp-like batching when > 1). */
  tokensPerEvent: number;
  /** Stream `delta.reasoning_content` tokens before the content. */
  reasoning: boolean;
  /** Share of the output tokens that are reasoning when `reasoning` is on. */
  reasoningShare: number;
  /** When non-stream responses send headers: `admit` (leaving the queue) or `end` (with body). */
  nonStreamHeadersAt: NonStreamHeadersAt;
  /** Seed of every random choice: same seed and request sequence give the same responses. */
  seed: number;
  /** Requests kept in the truth log (oldest evicted first); 0 turns the log off. */
  truthLogLimit: number;
  /** Share of completions answered 500 at once. */
  faultStatus500Rate: number;
  /** Share of completions answered 503 at once. */
  faultStatus503Rate: number;
  /** Share of completions answered 429 at once, with Retry-After. */
  faultStatus429Rate: number;
  /** Retry-After sent with injected 429s, ms (header in whole seconds, rounded up). */
  faultRetryAfterMs: number;
  /** Share of completions whose connection is destroyed mid-response. */
  faultCutRate: number;
  /** Share of streams that get one `data: {not json` line. */
  faultMalformedRate: number;
  /** Share of completions that pause mid-stream for `faultStallMs`. */
  faultStallRate: number;
  /** Length of an injected stall, ms. */
  faultStallMs: number;
  /** Serve HTTPS; without tlsCert/tlsKey a self-signed certificate for 127.0.0.1 is made at start. */
  tls: boolean;
  /** PEM certificate file to serve HTTPS with (implies tls); empty: none. */
  tlsCert: string;
  /** PEM private key file of tlsCert; empty: none. */
  tlsKey: string;
}

export const DEFAULT_SIMULATOR_OPTIONS: Readonly<SimulatorOptions> = Object.freeze({
  host: '127.0.0.1',
  port: 0,
  models: ['jan-v1-4b'],
  apiKey: '',
  flavor: 'openai',
  slots: 32,
  queueLimit: 0,
  prefillBaseMs: 20,
  prefillPerTokenMs: 0.05,
  extraTtftMs: 0,
  decodeBaseMs: 10,
  decodePerActiveMs: 0.1,
  outputTokens: 64,
  cotOutputTokens: 256,
  outputTokensJitter: 0.25,
  contextTokens: 32768,
  tokensPerEvent: 1,
  reasoning: false,
  reasoningShare: 0.5,
  nonStreamHeadersAt: 'admit',
  seed: 1,
  truthLogLimit: 10_000,
  faultStatus500Rate: 0,
  faultStatus503Rate: 0,
  faultStatus429Rate: 0,
  faultRetryAfterMs: 1000,
  faultCutRate: 0,
  faultMalformedRate: 0,
  faultStallRate: 0,
  faultStallMs: 2000,
  tls: false,
  tlsCert: '',
  tlsKey: '',
} satisfies SimulatorOptions);
