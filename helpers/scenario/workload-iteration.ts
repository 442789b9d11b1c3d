import type { ChatClient } from '../client/chat-client.js';
import type { ChatMessage } from '../client/chat-request.js';
import type { RequestSample } from '../client/request-sample.js';
import type { Clock } from '../load/clock.js';
import type { IterationContext } from '../load/run-arrivals.js';
import type { MetricStore } from '../metrics/metric-store.js';
import { recordRequestedTokens, recordSample } from '../metrics/record-sample.js';
import type { RequestSlo } from '../metrics/request-slo.js';
import { nextTurnMessages } from '../workload/conversation.js';
import type { Workload } from '../workload/workload.js';

export interface WorkloadIterationOptions {
  workload: Workload;
  client: ChatClient;
  store: MetricStore;
  scenario: string;
  model: string;
  stream: boolean;
  /** EXTRA_BODY, merged into every request body. */
  extraBody: Readonly<Record<string, unknown>> | null;
  /** Times the think time between turns. */
  clock: Clock;
  /** SLO_* objectives of `llm_goodput`; null records none. */
  slo?: RequestSlo | null;
  /** `scheduleLagMs` is null for turns after the first (they have no schedule). */
  onSample?: (sample: RequestSample, scheduleLagMs: number | null) => void;
}

/**
 * One arrival of a workload run: one request, or with TURNS > 1 one conversation. Turn k
 * sends every earlier message, the answer the server actually gave to turn k-1, and the next
 * item's user message, after THINK_TIME. A turn that does not end `ok` ends the conversation
 * (there is no answer to continue from); only turn 1 has a schedule lag.
 */
export function workloadIteration(
  options: WorkloadIterationOptions,
): (ctx: IterationContext) => Promise<void> {
  const { workload, client, store, model, stream, extraBody, clock } = options;
  const tags = { scenario: options.scenario, prompt: workload.tag };
  return async (ctx) => {
    let item = workload.next();
    let messages: readonly ChatMessage[] = item.messages;
    for (let turn = 1; ; turn++) {
      const sample = await client.send({
        model,
        messages,
        stream,
        ...(item.maxTokens === null ? {} : { maxTokens: item.maxTokens }),
        ...(extraBody === null ? {} : { extraBody }),
        tags,
        signal: ctx.signal,
      });
      if (workload.turns > 1) sample.tags.turn = String(turn);
      recordSample(store, sample, turn === 1 ? ctx.scheduleLagMs : null, options.slo);
      recordRequestedTokens(
        store,
        sample,
        turn === 1 ? item.requestedInputTokens : null,
        item.maxTokens,
      );
      options.onSample?.(sample, turn === 1 ? ctx.scheduleLagMs : null);
      if (turn >= workload.turns || sample.outcome.kind !== 'ok' || ctx.signal.aborted) return;
      const answer = sample.text ?? '';
      if (workload.thinkTimeMs > 0) {
        await clock.sleepUntil(clock.now() + workload.thinkTimeMs, ctx.signal);
        if (ctx.signal.aborted) return;
      }
      item = workload.next();
      messages = nextTurnMessages(messages, answer, item.messages);
    }
  };
}
