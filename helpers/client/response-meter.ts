import { createParser, type EventSourceParser } from 'eventsource-parser';
import { DeltaTemplate } from './delta-template.js';
import { type Outcome, outcomeCode, type StreamErrorKind } from './outcome.js';
import type { RequestSample, TokenSource } from './request-sample.js';
import { type Redactor, redactThenCut } from './secret-redactor.js';
import { asBuffer, Utf8ChunkDecoder } from './utf8-chunk-decoder.js';

const LF = 10;
const BLANK_LINE = '\n\n';
const SPACE = 32;

/** Bytes of a non-2xx body kept for the error message; the rest is read and dropped. */
export const ERROR_BODY_BYTES = 4096;
/** Server error messages are cut to this many characters. */
export const ERROR_MESSAGE_CHARS = 200;
/** A body that is not JSON is quoted in the message up to this many characters. */
const PREVIEW_CHARS = 80;

/** What the meter needs to know about the request it measures. */
export interface ResponseMeterInit {
  /** t0 on the meter's clock, ms. */
  t0Ms: number;
  /** t0 as epoch ms. */
  startEpochMs: number;
  scenario: string;
  prompt: string;
  model: string;
  /** Whether the request asked for a stream. */
  stream: boolean;
  /** Keep `delta.content` / `message.content` text on the sample. */
  keepText: boolean;
  /** Cap on one pending SSE event (characters) or a JSON body (bytes). */
  maxBufferedBytes: number;
  /** Applied to every message the sample carries. */
  redact: Redactor;
  /** Use the DeltaTemplate fast path (default true; tests compare against false). */
  fastPath?: boolean;
}

/** How the body is read, decided at the response headers (`no-content`: a 204 or 205). */
export type BodyMode = 'none' | 'sse' | 'json' | 'error' | 'no-content';

/** Body fields of a chat completion or chunk that the meter reads. */
interface CompletionLike {
  id?: unknown;
  error?: unknown;
  usage?: unknown;
  choices?: unknown;
}

/**
 * Turns transport events (headers, body chunks, end, error) into one RequestSample.
 *
 * Transport-free so it can be fed synthetic chunks and times in tests. Every event is
 * stamped with the arrival time of the chunk that completed it; nothing here reads a clock.
 */
export class ResponseMeter {
  /** True once the outcome is decided; later transport events are ignored. */
  done = false;
  mode: BodyMode = 'none';
  headersAtMs: number | null = null;
  firstOutputAtMs: number | null = null;
  lastOutputAtMs: number | null = null;
  /** Arrival time of the latest body chunk (or of the headers, before any chunk). */
  lastChunkAtMs: number | null = null;

  private readonly init: ResponseMeterInit;
  private status = 0;
  private queueMs: number | null = null;
  private endAtMs: number | null = null;
  private outcome: Outcome | null = null;
  private result: RequestSample | null = null;

  private firstContentAtMs: number | null = null;
  private outputEvents = 0;
  private readonly itlMs: number[] = [];
  private stallMs: number | null = null;
  private usageOutputTokens: number | null = null;
  private usageInputTokens: number | null = null;
  private responseId: string | null = null;
  private readonly textParts: string[] | null;

  // SSE state.
  /** Created on the first event the fast paths cannot read; most paced streams never need it. */
  private parser: EventSourceParser | null = null;
  /** SSE body being read: set at the headers, cleared when the request ends. */
  private sseOpen = false;
  private decoder: Utf8ChunkDecoder | null = null;
  private chunkAtMs = 0;
  private sawDone = false;
  /** Everything fed to the parser so far ended at an event boundary (`\n\n`). */
  private parserClean = true;
  private readonly template: DeltaTemplate | null;
  private streamError: { error: StreamErrorKind; message: string } | null = null;

  // JSON and error-body state.
  private bodyChunks: Uint8Array[] = [];
  private bodyBytes = 0;

  constructor(init: ResponseMeterInit) {
    this.init = init;
    this.textParts = init.keepText ? [] : null;
    this.template = init.fastPath === false ? null : new DeltaTemplate();
  }

  /** Response headers arrived at `atMs`. 1xx answers are ignored. */
  onHeaders(
    atMs: number,
    status: number,
    headers: Readonly<Record<string, string | string[] | undefined>>,
  ): void {
    if (this.done || status < 200) return;
    this.status = status;
    this.headersAtMs = atMs;
    this.lastChunkAtMs = atMs;
    this.queueMs = parseQueueMs(headers['x-queue-time']);
    if (status >= 300) {
      this.mode = 'error';
    } else if (status === 204 || status === 205) {
      // No body by definition, whatever the headers say: no completion either.
      this.mode = 'no-content';
    } else if (this.init.stream && isEventStream(headers['content-type'])) {
      this.mode = 'sse';
      this.decoder = new Utf8ChunkDecoder();
      this.sseOpen = true;
    } else {
      // Non-stream requests, and streams answered with a non-SSE 2xx: read the body as JSON.
      this.mode = 'json';
    }
  }

  /** One body chunk (one socket read) arrived at `atMs`. */
  onChunk(atMs: number, chunk: Uint8Array): void {
    if (this.done) return;
    this.lastChunkAtMs = atMs;
    if (this.mode === 'sse') {
      if (!this.sseOpen) return;
      this.chunkAtMs = atMs;
      // set together with the parser.
      const decoder = this.decoder!;
      const template = this.template;
      const ascii = decoder.isAsciiAlone(chunk);
      if (ascii && template !== null && this.textParts === null && template.readsBytes) {
        this.feedAsciiChunk(asBuffer(chunk), template);
        return;
      }
      const text = decoder.decode(chunk, ascii);
      template?.useChunk(ascii ? chunk : null);
      this.feedSse(text);
    } else if (this.mode === 'json') {
      this.bodyBytes += chunk.byteLength;
      if (this.bodyBytes > this.init.maxBufferedBytes) {
        this.bodyChunks = [];
        this.finish(atMs, {
          kind: 'stream-error',
          error: 'too-large',
          message: `the JSON body exceeded maxBufferedBytes (${this.init.maxBufferedBytes}); raise maxBufferedBytes if the server really sends bodies this large`,
        });
        return;
      }
      this.bodyChunks.push(chunk);
    } else if (this.mode === 'error') {
      if (this.bodyBytes < ERROR_BODY_BYTES) {
        const room = ERROR_BODY_BYTES - this.bodyBytes;
        this.bodyChunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
      }
      this.bodyBytes += chunk.byteLength;
    }
  }

  /** The body ended cleanly at `atMs`. */
  onEnd(atMs: number): void {
    if (this.done) return;
    if (this.mode === 'sse') {
      this.endSse(atMs);
    } else if (this.mode === 'json') {
      this.endJson(atMs);
    } else if (this.mode === 'error') {
      this.finish(atMs, this.httpError());
    } else if (this.mode === 'no-content') {
      this.finish(atMs, {
        kind: 'stream-error',
        error: 'empty-completion',
        message: `HTTP ${this.status} has no body: the server sent no completion`,
      });
    } else {
      this.finish(atMs, {
        kind: 'connection-error',
        code: 'ERR_NO_RESPONSE',
        message: 'the request ended without a response',
      });
    }
  }

  /**
   * The body ended at `atMs` because the connection failed with `error`. undici reports a
   * body without length (close-delimited) that a reset cuts as a clean end; the transport
   * calls this instead of `onEnd` then. A stream is cut unless `[DONE]` came; a JSON body
   * is cut unless it parses.
   */
  onEndByError(atMs: number, error: unknown): void {
    if (this.done) return;
    if (this.mode === 'sse') {
      this.onError(atMs, error);
    } else if (this.mode === 'json') {
      this.endJson(atMs, error);
    } else {
      this.onEnd(atMs);
    }
  }

  /** The transport reported an error at `atMs` (connect, socket, undici timeouts). */
  onError(atMs: number, error: unknown): void {
    if (this.done) return;
    const code = errorCode(error);
    const message = errorMessage(error);
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      this.finish(atMs, { kind: 'timeout', phase: 'connect' });
    } else if (code === 'UND_ERR_HEADERS_TIMEOUT') {
      this.finish(atMs, { kind: 'timeout', phase: 'headers' });
    } else if (code === 'UND_ERR_BODY_TIMEOUT') {
      const phase = this.mode === 'sse' && this.firstOutputAtMs === null ? 'first-token' : 'idle';
      this.finish(atMs, { kind: 'timeout', phase });
    } else if (this.headersAtMs === null) {
      this.finish(atMs, { kind: 'connection-error', code, message: explainRefusal(code, message) });
    } else if (this.mode === 'error') {
      this.finish(atMs, this.httpError());
    } else if (this.mode === 'sse' && this.sawDone) {
      // `[DONE]` came: the completion is whole even if the connection then dropped.
      this.endSse(atMs);
    } else {
      this.finish(
        atMs,
        this.streamErrorOutcome() ?? {
          kind: 'stream-error',
          error: 'cut',
          message: `the connection dropped mid-body (${code}: ${message})`,
        },
      );
    }
  }

  /** Ends the request now with `outcome` (timeouts, abort); keeps the timings reached. */
  fail(atMs: number, outcome: Outcome): void {
    if (!this.done) this.finish(atMs, outcome);
  }

  /** t0 of the request, ms on the meter's clock. */
  get t0Ms(): number {
    return this.init.t0Ms;
  }

  /** The measured sample; only valid once `done`. */
  sample(): RequestSample {
    if (this.result === null) throw new Error('ResponseMeter.sample() called before the end');
    return this.result;
  }

  /**
   * Reads SSE text. While the parser sits at an event boundary, events are taken straight
   * from the text: events of the learned template (`DeltaTemplate.matchEvent`), and any
   * event that is one `data:` line and a blank line (what eventsource-parser's own fast path
   * reads the same way). Everything else goes to the parser one event at a time, so the
   * fast paths resume after a comment or a multi-line event, and the parser never re-joins
   * a whole chunk to a held fragment.
   */
  private feedSse(text: string): void {
    const template = this.template;
    const length = text.length;
    // CR line ends need the parser's CRLF handling: then only the parser reads this text.
    const plainLines = template !== null && text.indexOf('\r') === -1;
    let at = 0;
    while (at < length) {
      if (plainLines && this.parserClean && !this.sawDone) {
        if (template.matchesEvents) {
          const textLength = template.matchEvent(text, at);
          if (textLength >= 0) {
            // What onData does with a data that `match` accepts.
            const content = template.field === 'content';
            if (textLength > 0) {
              if (content) this.textParts?.push(text.slice(template.tokenStart, template.tokenEnd));
              this.noteOutput(this.chunkAtMs, content);
            }
            if (template.scannedJoint && this.textParts === null) {
              // The run of token events after it, read in one call: all of this read's time.
              template.readRun(text);
              for (let i = template.runOutputs; i > 0; i--)
                this.noteOutput(this.chunkAtMs, content);
            }
            at = template.eventEnd;
            continue;
          }
        }
        const end = singleDataLineEnd(text, at);
        if (end !== -1) {
          const valueAt = text.charCodeAt(at + 5) === SPACE ? at + 6 : at + 5;
          this.onData(text.slice(valueAt, end - 2), undefined);
          if (this.done) return;
          at = end;
          continue;
        }
      }
      // While the template may (learn to) match, only the next event goes to the parser (for
      // a stream that never fits, that split costs little next to its JSON.parse per event).
      const boundary = plainLines && !this.sawDone ? text.indexOf('\n\n', at) : -1;
      const end = boundary === -1 ? length : boundary + 2;
      const piece = at === 0 && end === length ? text : text.slice(at, end);
      this.sseParser().feed(piece);
      if (!this.sseOpen) return;
      // Text that ends with a blank line leaves the parser no pending line or field.
      this.parserClean =
        boundary !== -1 ||
        (piece.charCodeAt(piece.length - 1) === LF && piece.charCodeAt(piece.length - 2) === LF);
      at = end;
    }
  }

  /**
   * An all-ASCII read once the template reads bytes: the event split across the previous read
   * goes to `feedSse` as text up to its blank line; then the token events after it are read
   * from the bytes (`DeltaTemplate.readByteEvents`: a run, and the one that ends it), with no
   * text made for them; the rest goes to `feedSse` as text. The same events as `feedSse` over
   * the whole read, in the same order, at the same time.
   */
  private feedAsciiChunk(chunk: Buffer, template: DeltaTemplate): void {
    let at = 0;
    if (!this.parserClean) {
      const blank = chunk.indexOf(BLANK_LINE);
      if (blank === -1) {
        template.useChunk(chunk);
        this.feedSse(chunk.toString('latin1'));
        return;
      }
      at = blank + 2;
      template.useChunk(null);
      this.feedSse(chunk.toString('latin1', 0, at));
      if (this.done || !this.sseOpen) return;
    }
    if (this.parserClean && !this.sawDone) {
      const next = template.readByteEvents(chunk, at);
      if (next > at) {
        const content = template.field === 'content';
        for (let i = template.runOutputs; i > 0; i--) this.noteOutput(this.chunkAtMs, content);
        at = next;
      }
    }
    if (at < chunk.length) {
      template.useChunk(at === 0 ? chunk : chunk.subarray(at));
      this.feedSse(chunk.toString('latin1', at));
    }
  }

  private sseParser(): EventSourceParser {
    this.parser ??= createParser({
      maxBufferSize: this.init.maxBufferedBytes,
      onEvent: (event) => this.onData(event.data, event.event),
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') {
          this.finish(this.chunkAtMs, {
            kind: 'stream-error',
            error: 'too-large',
            message: `one SSE event exceeded maxBufferedBytes (${this.init.maxBufferedBytes}); raise maxBufferedBytes if the server really sends events this large`,
          });
        }
        // Unknown fields and bad `retry` values do not affect a completion: ignored.
      },
    });
    return this.parser;
  }

  /** One SSE event: its data and its `event:` type. */
  private onData(data: string, type: string | undefined): void {
    if (this.sawDone || this.done) return;
    if (type === 'error') {
      this.noteStreamError(
        'error-event',
        `the server sent event: error: ${this.clip(errorText(data))}`,
      );
      return;
    }
    if (data === '[DONE]') {
      this.sawDone = true;
      return;
    }
    const template = this.template;
    if (template !== null) {
      let textLength = template.match(data);
      // The first token: another stream's template may fit (the id is read from the role
      // event, or from this event by JSON.parse when none came before).
      if (textLength < 0 && template.field === null && this.responseId !== null) {
        textLength = template.adopt(data);
      }
      if (textLength > 0) {
        const content = template.field === 'content';
        if (content) this.textParts?.push(template.text(data));
        this.noteOutput(this.chunkAtMs, content);
        return;
      }
      // An empty delta of the learned shape: valid, and not output.
      if (textLength === 0) return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.noteStreamError('invalid-json', `an SSE data line is not JSON: ${this.preview(data)}`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.noteStreamError(
        'invalid-json',
        `an SSE data line is not a JSON object: ${this.preview(data)}`,
      );
      return;
    }
    this.readCompletion(parsed as CompletionLike, 'delta', this.chunkAtMs);
    template?.learn(data, parsed as Record<string, unknown>);
  }

  /** Reads id, usage, error and output from a chunk (`delta`) or a completion (`message`). */
  private readCompletion(body: CompletionLike, key: 'delta' | 'message', atMs: number): void {
    if (body.error !== undefined && body.error !== null) {
      this.noteStreamError(
        'error-event',
        `the server sent an error object: ${this.clip(errorText(body))}`,
      );
      return;
    }
    if (this.responseId === null && typeof body.id === 'string') this.responseId = body.id;
    const usage = body.usage;
    if (typeof usage === 'object' && usage !== null) {
      const { completion_tokens: completion, prompt_tokens: prompt } = usage as Record<
        string,
        unknown
      >;
      if (typeof completion === 'number' && Number.isFinite(completion)) {
        this.usageOutputTokens = completion;
      }
      if (typeof prompt === 'number' && Number.isFinite(prompt)) this.usageInputTokens = prompt;
    }
    const choices = body.choices;
    if (!Array.isArray(choices)) return;
    let output = false;
    let content = false;
    for (const choice of choices) {
      const part = (choice as Record<string, unknown> | null)?.[key];
      if (typeof part !== 'object' || part === null) continue;
      const fields = part as Record<string, unknown>;
      const text = fields.content;
      if (typeof text === 'string' && text.length > 0) {
        output = true;
        content = true;
        this.textParts?.push(text);
      } else if (
        isNonEmptyString(fields.reasoning_content) ||
        isNonEmptyString(fields.reasoning) ||
        (Array.isArray(fields.tool_calls) && fields.tool_calls.length > 0)
      ) {
        output = true;
      }
    }
    if (output) this.noteOutput(atMs, content);
  }

  /** Records one output-bearing event that arrived with the chunk at `atMs`. */
  private noteOutput(atMs: number, content: boolean): void {
    if (this.firstOutputAtMs === null) {
      this.firstOutputAtMs = atMs;
    } else {
      // set with firstOutputAtMs.
      const gapMs = atMs - this.lastOutputAtMs!;
      this.itlMs.push(gapMs);
      if (this.stallMs === null || gapMs > this.stallMs) this.stallMs = gapMs;
    }
    this.lastOutputAtMs = atMs;
    this.outputEvents++;
    if (content && this.firstContentAtMs === null) this.firstContentAtMs = atMs;
  }

  private noteStreamError(error: StreamErrorKind, message: string): void {
    // The first problem is the one reported; reading goes on so timings reach the end.
    if (this.streamError === null) this.streamError = { error, message };
  }

  private streamErrorOutcome(): Outcome | null {
    const found = this.streamError;
    return found === null ? null : { kind: 'stream-error', ...found };
  }

  private endSse(atMs: number): void {
    if (this.sseOpen) {
      this.chunkAtMs = atMs;
      // set together with sseOpen.
      const rest = this.decoder!.end();
      // A last event without its blank line still counts (lenient, like browsers at EOF).
      if (!this.parserClean || rest !== '') this.sseParser().feed(`${rest}\n\n`);
      this.sseOpen = false;
      this.parser = null;
    }
    if (this.done) return;
    let outcome = this.streamErrorOutcome();
    if (outcome === null && !this.sawDone) {
      outcome = {
        kind: 'stream-error',
        error: 'missing-done',
        message: 'the stream ended without data: [DONE]',
      };
    }
    if (outcome === null && this.outputEvents === 0) {
      outcome = {
        kind: 'stream-error',
        error: 'empty-completion',
        message: 'the stream carried no content, reasoning or tool call',
      };
    }
    this.finish(atMs, outcome ?? { kind: 'ok' });
  }

  /** Reads the whole JSON body; `cutBy` is the connection error that ended it, if any. */
  private endJson(atMs: number, cutBy?: unknown): void {
    const text = Buffer.concat(this.bodyChunks).toString('utf8');
    this.bodyChunks = [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      if (cutBy !== undefined) {
        this.finish(atMs, {
          kind: 'stream-error',
          error: 'cut',
          message: `the connection dropped before the body ended (${errorCode(cutBy)}: ${errorMessage(cutBy)})`,
        });
        return;
      }
      this.finish(atMs, {
        kind: 'stream-error',
        error: 'invalid-json',
        message: `the body is not JSON: ${this.preview(text)}`,
      });
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.finish(atMs, {
        kind: 'stream-error',
        error: 'invalid-json',
        message: `the body is not a JSON object: ${this.preview(text)}`,
      });
      return;
    }
    this.readCompletion(parsed as CompletionLike, 'message', atMs);
    let outcome = this.streamErrorOutcome();
    if (outcome === null && this.outputEvents === 0) {
      outcome = {
        kind: 'stream-error',
        error: 'empty-completion',
        message: 'the completion carried no content, reasoning or tool call',
      };
    }
    this.finish(atMs, outcome ?? { kind: 'ok' });
  }

  private httpError(): Outcome {
    const text = Buffer.concat(this.bodyChunks).toString('utf8');
    this.bodyChunks = [];
    const message = serverErrorMessage(text) || `HTTP ${this.status} with an empty body`;
    return { kind: 'http-error', status: this.status, message: this.clip(message) };
  }

  /** Redacts, then cuts: cutting first could leave a secret's prefix that no longer matches. */
  private clip(text: string): string {
    return redactThenCut(text, ERROR_MESSAGE_CHARS, this.init.redact);
  }

  private preview(text: string): string {
    return JSON.stringify(redactThenCut(text, PREVIEW_CHARS, this.init.redact));
  }

  private finish(atMs: number, outcome: Outcome): void {
    if (this.done) return;
    this.done = true;
    this.endAtMs = atMs;
    this.outcome = redactOutcome(outcome, this.init.redact);
    this.sseOpen = false;
    this.parser = null;
    this.result = this.build();
  }

  private build(): RequestSample {
    const { t0Ms } = this.init;
    // build() runs from finish().
    const outcome = this.outcome!;
    // build() runs from finish().
    const endAtMs = this.endAtMs!;
    const totalMs = endAtMs - t0Ms;
    const headersAtMs = this.headersAtMs;
    const isStream = this.mode === 'sse';

    let outputTokens: number | null = null;
    let tokenSource: TokenSource | null = null;
    if (this.usageOutputTokens !== null) {
      outputTokens = this.usageOutputTokens;
      tokenSource = 'usage';
    } else if (isStream) {
      outputTokens = this.outputEvents;
      tokenSource = 'events';
    }

    let tpotMs: number | null = null;
    if (
      isStream &&
      this.outputEvents >= 2 &&
      outputTokens !== null &&
      outputTokens >= 2 &&
      this.firstOutputAtMs !== null &&
      this.lastOutputAtMs !== null
    ) {
      tpotMs = (this.lastOutputAtMs - this.firstOutputAtMs) / (outputTokens - 1);
    }

    const sample: RequestSample = {
      tags: {
        scenario: this.init.scenario,
        prompt: this.init.prompt,
        status: String(this.status),
        model: this.init.model,
        stream: this.init.stream ? 'true' : 'false',
        outcome: outcomeCode(outcome),
      },
      outcome,
      startEpochMs: this.init.startEpochMs,
      t0Ms,
      ttfbMs: headersAtMs === null ? null : headersAtMs - t0Ms,
      ttftMs: this.firstOutputAtMs === null ? null : this.firstOutputAtMs - t0Ms,
      ttfcMs: this.firstContentAtMs === null ? null : this.firstContentAtMs - t0Ms,
      receivingMs: headersAtMs === null ? null : endAtMs - headersAtMs,
      // The transport fills these in (chat-client.ts): the meter sees no socket.
      blockedMs: null,
      connectingMs: null,
      tlsHandshakingMs: null,
      sendingMs: null,
      waitingMs: null,
      dataSentBytes: null,
      dataReceivedBytes: null,
      totalMs,
      queueMs: this.queueMs,
      outputTokens,
      tokenSource,
      inputTokens: this.usageInputTokens,
      tokensPerSec: outputTokens !== null && totalMs > 0 ? outputTokens / (totalMs / 1000) : null,
      tpotMs,
      decodeTokensPerSec: tpotMs !== null && tpotMs > 0 ? 1000 / tpotMs : null,
      itlMs: this.itlMs,
      stallMs: this.stallMs,
      outputEvents: this.outputEvents,
      responseId: this.responseId,
    };
    if (this.textParts !== null) sample.text = this.textParts.join('');
    return sample;
  }
}

/**
 * End (after its blank line) of an event at `at` that is exactly one `data:` line and a
 * blank line, or -1. No CR may occur in the text (the caller checks).
 */
function singleDataLineEnd(text: string, at: number): number {
  if (
    text.charCodeAt(at) !== 100 || // d
    text.charCodeAt(at + 1) !== 97 || // a
    text.charCodeAt(at + 2) !== 116 || // t
    text.charCodeAt(at + 3) !== 97 || // a
    text.charCodeAt(at + 4) !== 58 // :
  ) {
    return -1;
  }
  const lf = text.indexOf('\n', at + 5);
  return lf !== -1 && text.charCodeAt(lf + 1) === LF ? lf + 2 : -1;
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function isEventStream(contentType: string | string[] | undefined): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return value?.toLowerCase().includes('text/event-stream') === true;
}

function parseQueueMs(value: string | string[] | undefined): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return null;
  const ms = Number(text);
  return Number.isFinite(ms) ? ms : null;
}

/** The system or undici code of a transport error (`ECONNREFUSED`, `UND_ERR_SOCKET`...). */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, errors, name } = error as { code?: unknown; errors?: unknown; name?: unknown };
    if (typeof code === 'string' && code !== '') return code;
    // Happy-eyeballs connects fail with an AggregateError of per-address errors.
    if (Array.isArray(errors) && errors.length > 0) return errorCode(errors[0]);
    if (typeof name === 'string' && name !== 'Error') return name;
  }
  return 'UNKNOWN';
}

/**
 * undici's messages for interim answers it refuses, explained. In undici 7 a request in
 * flight fails with `bad response` only on a `100 Continue` (client-h1.js refuses a 100 it
 * did not ask for; this client never sends `Expect: 100-continue`), with `bad upgrade` only
 * on a `101`. Other 1xx answers (102, 103) are skipped.
 */
function explainRefusal(code: string, message: string): string {
  if (code !== 'UND_ERR_SOCKET') return message;
  if (message === 'bad response') {
    return 'bad response: the server sent an interim 100 Continue, which undici refuses when it did not ask for one; the connection was closed';
  }
  if (message === 'bad upgrade') {
    return 'bad upgrade: the server switched protocols (101) on a request that asked for no upgrade; the connection was closed';
  }
  return message;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    if (error.message !== '') return error.message;
    const inner = (error as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner[0] instanceof Error) return inner[0].message;
    return error.name;
  }
  return String(error);
}

/** The message of an OpenAI-style `{"error":{"message"}}` body, or the raw text. */
export function serverErrorMessage(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      return errorText(JSON.parse(trimmed) as unknown);
    } catch {
      // Not JSON after all: the raw text is the message.
    }
  }
  return trimmed;
}

/** Best message from an error payload: `error.message`, `error`, `message`, `detail`, or JSON. */
function errorText(payload: unknown): string {
  let value = payload;
  if (typeof payload === 'string') {
    try {
      value = JSON.parse(payload) as unknown;
    } catch {
      return payload;
    }
  }
  if (typeof value === 'object' && value !== null) {
    const { error, message, detail } = value as Record<string, unknown>;
    if (typeof error === 'object' && error !== null) {
      const inner = (error as Record<string, unknown>).message;
      if (typeof inner === 'string') return inner;
    }
    if (typeof error === 'string') return error;
    if (typeof message === 'string') return message;
    if (typeof detail === 'string') return detail;
  }
  return JSON.stringify(value) ?? String(value);
}

function redactOutcome(outcome: Outcome, redact: Redactor): Outcome {
  switch (outcome.kind) {
    case 'http-error':
    case 'connection-error':
    case 'stream-error':
      return { ...outcome, message: redact(outcome.message) };
    case 'aborted':
      return { ...outcome, reason: redact(outcome.reason) };
    default:
      return outcome;
  }
}
