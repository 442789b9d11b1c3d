import type { Outcome } from '../client/outcome.js';
import { outcomeCode } from '../client/outcome.js';
import type { RequestSample, SampleTags } from '../client/request-sample.js';

/** What `fakeSample` lets a test change: any field, tags partially. */
export type FakeSampleOverrides = Partial<Omit<RequestSample, 'tags'>> & {
  /** Merged over the default tags; `outcome` follows `overrides.outcome` unless given. */
  tags?: Partial<SampleTags>;
};

/**
 * A plausible streamed request sample for tests: 200, ok, 5 output tokens, 4 gaps.
 * Only tests use it; it keeps fixtures short and the contract in one place.
 */
export function fakeSample(overrides: FakeSampleOverrides = {}): RequestSample {
  const outcome: Outcome = overrides.outcome ?? { kind: 'ok' };
  const { tags: tagOverrides, ...fields } = overrides;
  return {
    startEpochMs: 1_763_000_000_000,
    t0Ms: 1000,
    ttfbMs: 40,
    ttftMs: 120,
    ttfcMs: 125,
    receivingMs: 360,
    blockedMs: 2,
    connectingMs: 1,
    tlsHandshakingMs: 0,
    sendingMs: 0.1,
    waitingMs: 37.9,
    dataSentBytes: 300,
    dataReceivedBytes: 2000,
    totalMs: 400,
    queueMs: null,
    outputTokens: 5,
    tokenSource: 'usage',
    inputTokens: 30,
    tokensPerSec: 12.5,
    tpotMs: 70,
    decodeTokensPerSec: 1000 / 70,
    itlMs: [60, 70, 80, 70],
    stallMs: 80,
    outputEvents: 5,
    responseId: 'chatcmpl-test',
    ...fields,
    outcome,
    tags: {
      scenario: 'chat_stream',
      prompt: 'short',
      status: '200',
      model: 'test-model',
      stream: 'true',
      outcome: outcomeCode(outcome),
      ...tagOverrides,
    },
  };
}
