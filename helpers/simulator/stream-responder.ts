import type { SequenceHandle, SequenceListener } from './batch-engine.js';
import { formatQueueMs, llamaTimings, type ResponseContext, writeNow } from './response-context.js';
import { TOKEN_JSON } from './token-vocabulary.js';
import type { TruthOutcome } from './truth-log.js';
import {
  createStreamFormat,
  DONE_EVENT,
  MALFORMED_EVENT,
  type StreamFormat,
} from './wire-format.js';

/**
 * Writes one SSE response as the engine emits tokens: headers and the role chunk on
 * admission, one event per `tokensPerEvent` tokens (a reasoning/content switch also ends
 * an event), then finish, optional usage, and `[DONE]`.
 */
export class StreamResponder implements SequenceListener {
  readonly #ctx: ResponseContext;
  readonly #format: StreamFormat;
  #handle: SequenceHandle | null = null;
  #ended = false;
  #buffer = '';
  #buffered = 0;
  #events = 0;

  constructor(ctx: ResponseContext) {
    this.#ctx = ctx;
    this.#format = createStreamFormat(ctx.plan, ctx.options.flavor);
  }

  attach(handle: SequenceHandle): void {
    this.#handle = handle;
  }

  admitted(admittedMs: number, queueMs: number): boolean {
    if (this.#ended) return false;
    const { res, plan, record, clock, options } = this.#ctx;
    record.admittedMs = admittedMs;
    record.queueMs = queueMs;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Queue-Time': formatQueueMs(queueMs),
      'X-Request-Id': plan.id,
    });
    if (options.flavor === 'llamacpp') {
      res.flushHeaders();
    } else {
      writeNow(res, this.#format.roleEvent);
    }
    record.status = 200;
    record.headersMs = clock.now();
    if (plan.fault.kind === 'cut' && plan.fault.afterEvents === 0) {
      this.#cut();
      return false;
    }
    return true;
  }

  token(index: number, targetMs: number): boolean {
    if (this.#ended) return false;
    const { plan, options } = this.#ctx;
    if (index === plan.reasoningTokens && index > 0) plan.text.beginText();
    this.#buffer += TOKEN_JSON[plan.text.next()];
    this.#buffered++;
    const flush =
      this.#buffered >= options.tokensPerEvent ||
      index === plan.completionTokens - 1 ||
      index === plan.reasoningTokens - 1;
    if (!flush) return true;

    const { res, record, clock } = this.#ctx;
    const fault = plan.fault;
    if (fault.kind === 'malformed' && fault.beforeEvent === this.#events) {
      writeNow(res, MALFORMED_EVENT);
    }
    const event =
      index < plan.reasoningTokens
        ? this.#format.reasoningEvent(this.#buffer)
        : this.#format.contentEvent(this.#buffer);
    writeNow(res, event);
    record.eventMs.push(clock.now());
    record.eventTargetMs.push(targetMs);
    this.#events++;
    this.#buffer = '';
    this.#buffered = 0;
    if (fault.kind === 'cut' && fault.afterEvents === this.#events) {
      this.#cut();
      return false;
    }
    return true;
  }

  finished(): void {
    if (this.#ended) return;
    const { res, plan, record, clock, options } = this.#ctx;
    const llama = options.flavor === 'llamacpp';
    const timings = llama
      ? llamaTimings(record, record.eventMs[0] ?? 0, record.eventMs.at(-1) ?? 0)
      : null;
    let tail = this.#format.finishEvent(timings);
    if (!llama && plan.includeUsage) tail += this.#format.usageEvent;
    res.end(tail + DONE_EVENT);
    record.endMs = clock.now();
    this.#settle('finished');
  }

  /** The connection closed (client went away, cut, or simulator closing). */
  onClose(): void {
    if (this.#ended) return;
    this.#ctx.record.endMs = this.#ctx.clock.now();
    this.#settle(this.#ctx.isClosing() ? 'server-closed' : 'client-closed');
    this.#handle?.cancel();
  }

  #cut(): void {
    this.#ctx.record.endMs = this.#ctx.clock.now();
    this.#settle('cut');
    this.#ctx.res.destroy();
  }

  #settle(outcome: TruthOutcome): void {
    this.#ended = true;
    this.#ctx.record.outcome = outcome;
    this.#ctx.onSettled(outcome);
  }
}
