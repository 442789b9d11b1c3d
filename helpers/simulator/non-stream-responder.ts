import type { SequenceHandle, SequenceListener } from './batch-engine.js';
import { formatQueueMs, llamaTimings, type ResponseContext, writeNow } from './response-context.js';
import { TOKEN_TEXT } from './token-vocabulary.js';
import type { TruthOutcome } from './truth-log.js';
import { MALFORMED_BODY, nonStreamBody } from './wire-format.js';

/**
 * Writes one `chat.completion` object when the engine emits the last token. Headers go out
 * on admission (`nonStreamHeadersAt: 'admit'`, chunked) or with the body (`'end'`,
 * Content-Length), as real servers do.
 */
export class NonStreamResponder implements SequenceListener {
  readonly #ctx: ResponseContext;
  #handle: SequenceHandle | null = null;
  #ended = false;
  #queueMs = 0;
  #firstTokenMs = 0;

  constructor(ctx: ResponseContext) {
    this.#ctx = ctx;
  }

  attach(handle: SequenceHandle): void {
    this.#handle = handle;
  }

  admitted(admittedMs: number, queueMs: number): boolean {
    if (this.#ended) return false;
    const { res, plan, record, clock, options } = this.#ctx;
    record.admittedMs = admittedMs;
    record.queueMs = queueMs;
    this.#queueMs = queueMs;
    if (options.nonStreamHeadersAt === 'admit') {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'X-Queue-Time': formatQueueMs(queueMs),
        'X-Request-Id': plan.id,
      });
      res.flushHeaders();
      record.status = 200;
      record.headersMs = clock.now();
    }
    return true;
  }

  token(index: number): boolean {
    if (index === 0) this.#firstTokenMs = this.#ctx.clock.now();
    return !this.#ended;
  }

  finished(targetMs: number): void {
    if (this.#ended) return;
    const { res, plan, record, clock, options } = this.#ctx;
    let reasoning = '';
    let content = '';
    for (let i = 0; i < plan.completionTokens; i++) {
      if (i === plan.reasoningTokens && i > 0) plan.text.beginText();
      const text = TOKEN_TEXT[plan.text.next()];
      if (i < plan.reasoningTokens) reasoning += text;
      else content += text;
    }
    const timings =
      options.flavor === 'llamacpp' ? llamaTimings(record, this.#firstTokenMs, clock.now()) : null;
    const body =
      plan.fault.kind === 'malformed'
        ? MALFORMED_BODY
        : nonStreamBody(plan, content, reasoning, timings);

    if (!res.headersSent) {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'X-Queue-Time': formatQueueMs(this.#queueMs),
        'X-Request-Id': plan.id,
      });
      record.status = 200;
    }
    if (plan.fault.kind === 'cut') {
      writeNow(res, body.slice(0, Math.floor(body.length / 2)));
      record.headersMs ??= clock.now();
      record.endMs = clock.now();
      this.#settle('cut');
      res.destroy();
      return;
    }
    res.end(body);
    const writtenMs = clock.now();
    record.headersMs ??= writtenMs;
    record.eventMs.push(writtenMs);
    record.eventTargetMs.push(targetMs);
    record.endMs = writtenMs;
    this.#settle('finished');
  }

  /** The connection closed (client went away, or simulator closing). */
  onClose(): void {
    if (this.#ended) return;
    this.#ctx.record.endMs = this.#ctx.clock.now();
    this.#settle(this.#ctx.isClosing() ? 'server-closed' : 'client-closed');
    this.#handle?.cancel();
  }

  #settle(outcome: TruthOutcome): void {
    this.#ended = true;
    this.#ctx.record.outcome = outcome;
    this.#ctx.onSettled(outcome);
  }
}
