import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResponseMeter } from './response-meter.js';
import {
  contentChunk,
  deltaChunk,
  roleChunk,
  SSE_DONE,
  sseData,
  usageChunk,
} from './testing/sse-fixtures.js';

/** One SSE event of a generated stream, and whether it carries output. */
interface StreamPart {
  text: string;
  output: boolean;
}

/** A valid stream with the usual variations: role chunk, comments, usage, CRLF, unicode. */
const streamArbitrary = fc
  .record({
    tokens: fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), {
      minLength: 0,
      maxLength: 12,
    }),
    role: fc.boolean(),
    reasoningFirst: fc.boolean(),
    comments: fc.boolean(),
    usage: fc.boolean(),
    crlf: fc.boolean(),
  })
  .map(({ tokens, role, reasoningFirst, comments, usage, crlf }) => {
    const parts: StreamPart[] = [];
    if (role) parts.push({ text: sseData(roleChunk()), output: false });
    if (reasoningFirst)
      parts.push({ text: sseData(deltaChunk({ reasoning_content: 'r' })), output: true });
    for (const token of tokens) {
      if (comments) parts.push({ text: ': keep-alive\n\n', output: false });
      parts.push({ text: sseData(contentChunk(token)), output: true });
    }
    if (usage) {
      const completion = tokens.length + (reasoningFirst ? 1 : 0);
      parts.push({
        text: sseData(usageChunk({ prompt_tokens: 3, completion_tokens: completion })),
        output: false,
      });
    }
    parts.push({ text: SSE_DONE, output: false });
    const lineEnd = crlf ? '\r\n' : '\n';
    const encoded = parts.map((part) => ({
      bytes: Buffer.from(crlf ? part.text.replaceAll('\n', lineEnd) : part.text),
      output: part.output,
    }));
    return { encoded, tokens, reasoningFirst };
  });

/** The stream plus a random set of byte offsets to cut it at. */
const splitStreamArbitrary = streamArbitrary.chain((stream) => {
  const length = stream.encoded.reduce((sum, part) => sum + part.bytes.length, 0);
  return fc
    .uniqueArray(fc.integer({ min: 1, max: length - 1 }), { maxLength: 40 })
    .map((cuts) => ({ ...stream, cuts: cuts.sort((a, b) => a - b) }));
});

/**
 * Measures the stream cut at `cuts`. Without `keepText` the meter reads runs of token events
 * straight from the bytes of ASCII reads (`feedAsciiChunk`), so both are tried.
 */
function measure(whole: Buffer, cuts: readonly number[], fastPath = true, keepText = true) {
  const meter = new ResponseMeter({
    fastPath,
    t0Ms: 0,
    startEpochMs: 0,
    scenario: 's',
    prompt: 'p',
    model: 'm',
    stream: true,
    keepText,
    maxBufferedBytes: 1 << 20,
    redact: (text) => text,
  });
  meter.onHeaders(1, 200, { 'content-type': 'text/event-stream' });
  const bounds = [0, ...cuts, whole.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    // Chunk i arrives at 10 * (i + 1) ms.
    meter.onChunk(10 * (i + 1), whole.subarray(bounds[i], bounds[i + 1]));
  }
  meter.onEnd(10 * bounds.length);
  return meter.sample();
}

/** Arrival time of the chunk holding byte `offset`, with chunk i arriving at 10 * (i + 1). */
function chunkTimeOf(offset: number, cuts: readonly number[]): number {
  let index = 0;
  while (index < cuts.length && (cuts[index] as number) <= offset) index++;
  return 10 * (index + 1);
}

describe('ResponseMeter under any chunking', () => {
  it('gives the same tokens, events, text and outcome for any split of a valid stream', () => {
    fc.assert(
      fc.property(splitStreamArbitrary, ({ encoded, cuts, tokens }) => {
        const whole = Buffer.concat(encoded.map((part) => part.bytes));
        const reference = measure(whole, []);
        const split = measure(whole, cuts);
        expect(split.outcome).toEqual(reference.outcome);
        expect(split.outputEvents).toBe(reference.outputEvents);
        expect(split.outputTokens).toBe(reference.outputTokens);
        expect(split.tokenSource).toBe(reference.tokenSource);
        expect(split.text).toBe(tokens.join(''));
        expect(split.itlMs).toHaveLength(Math.max(0, split.outputEvents - 1));
      }),
      { numRuns: 300 },
    );
  });

  it('stamps every output event with the chunk that holds its last byte', () => {
    fc.assert(
      fc.property(splitStreamArbitrary, ({ encoded, cuts }) => {
        const whole = Buffer.concat(encoded.map((part) => part.bytes));
        const expectedTimes: number[] = [];
        let end = 0;
        for (const part of encoded) {
          end += part.bytes.length;
          if (part.output) expectedTimes.push(chunkTimeOf(end - 1, cuts));
        }
        for (const keepText of [true, false]) {
          const sample = measure(whole, cuts, true, keepText);
          expect(sample.ttftMs).toBe(expectedTimes[0] ?? null);
          expect(sample.itlMs).toEqual(
            expectedTimes.slice(1).map((t, i) => t - (expectedTimes[i] as number)),
          );
          expect(sample.outputEvents).toBe(expectedTimes.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Tokens that stress the fast path: quotes, escapes, control characters, empty, unicode. */
const trickyToken = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.constantFrom('', '"', '\\', '\n', '\u0000', 'a"b', '\\"', '😀', ' '),
);

/** A stream of raw event lines the way real servers vary them. */
const variedStreamArbitrary = fc
  .array(
    fc.record({
      field: fc.constantFrom('content', 'reasoning_content', 'reasoning'),
      token: trickyToken,
      created: fc.integer({ min: 1, max: 2 }),
      usage: fc.boolean(),
      spaced: fc.boolean(),
    }),
    { maxLength: 25 },
  )
  .map((events) =>
    events.map(({ field, token, created, usage, spaced }) => {
      const body: Record<string, unknown> = {
        id: 'x',
        created,
        choices: [{ index: 0, delta: { [field]: token }, finish_reason: null }],
      };
      if (usage) body.usage = { prompt_tokens: 1, completion_tokens: 5 };
      return `data: ${spaced ? JSON.stringify(body).replaceAll('":', '": ') : JSON.stringify(body)}\n\n`;
    }),
  );

describe('ResponseMeter fast path', () => {
  it('measures exactly what full JSON parsing measures under any split, comments and CRLF', () => {
    fc.assert(
      fc.property(splitStreamArbitrary, ({ encoded, cuts }) => {
        const whole = Buffer.concat(encoded.map((part) => part.bytes));
        expect(measure(whole, cuts, true)).toEqual(measure(whole, cuts, false));
        expect(measure(whole, cuts, true, false)).toEqual(measure(whole, cuts, false, false));
      }),
      { numRuns: 300 },
    );
  });

  it('measures exactly what full JSON parsing measures, whatever the servers send', () => {
    fc.assert(
      fc.property(variedStreamArbitrary, fc.boolean(), (events, done) => {
        const whole = Buffer.from(events.join('') + (done ? SSE_DONE : ''));
        const cuts = [...new Set([7, 100, 333].filter((cut) => cut < whole.length))];
        expect(measure(whole, cuts, true)).toEqual(measure(whole, cuts, false));
        expect(measure(whole, cuts, true, false)).toEqual(measure(whole, cuts, false, false));
      }),
      { numRuns: 400 },
    );
  });
});

/** ASCII tokens, mostly plain, sometimes empty or with JSON escapes. */
const asciiToken = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.string({ unit: fc.constantFrom(' ', 'a', 'z', '.', '~'), maxLength: 5 }),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '"', '\\', '\n', 'a"b') },
);

/** Long ASCII streams of one shape, cut a few times: reads that hold runs of token events. */
const asciiRunArbitrary = fc
  .record({
    tokens: fc.array(asciiToken, { minLength: 1, maxLength: 60 }),
    reasoning: fc.boolean(),
    comment: fc.nat({ max: 60 }),
    done: fc.boolean(),
  })
  .chain(({ tokens, reasoning, comment, done }) => {
    const events = tokens.map((token) =>
      sseData(deltaChunk(reasoning ? { reasoning_content: token } : { content: token })),
    );
    if (comment < events.length) events.splice(comment, 0, ': keep-alive\n\n');
    const whole = Buffer.from([sseData(roleChunk()), ...events, done ? SSE_DONE : ''].join(''));
    return fc
      .uniqueArray(fc.integer({ min: 1, max: whole.length - 1 }), { maxLength: 4 })
      .map((cuts) => ({ whole, cuts: cuts.sort((a, b) => a - b) }));
  });

describe('ResponseMeter reading runs of token events from the bytes', () => {
  it('measures exactly what full JSON parsing measures, with and without the text kept', () => {
    fc.assert(
      fc.property(asciiRunArbitrary, ({ whole, cuts }) => {
        const slow = measure(whole, cuts, false, false);
        expect(measure(whole, cuts, true, false)).toEqual(slow);
        const { text: _text, ...kept } = measure(whole, cuts, true, true);
        const { text: _none, ...slowWithout } = slow;
        expect(kept).toEqual(slowWithout);
      }),
      { numRuns: 500 },
    );
  });
});
