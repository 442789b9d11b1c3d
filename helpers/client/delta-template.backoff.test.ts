import { describe, expect, it } from 'vitest';
import { DeltaTemplate } from './delta-template.js';

const plain = (content: string) => JSON.stringify({ choices: [{ delta: { content } }] });
const shaped = (content: string) => JSON.stringify({ choices: [{ delta: { content } }], n: 1 });
const toolCall = () => JSON.stringify({ choices: [{ delta: { tool_calls: [{ index: 0 }] } }] });

/** What the response meter does per event: the template first, else JSON.parse and learn. */
function feed(template: DeltaTemplate, data: string): boolean {
  if (template.match(data) >= 0) return true;
  template.learn(data, JSON.parse(data));
  return false;
}

/** How many events of `make` go by before the template matches one (at most `limit`). */
function eventsUntilMatch(template: DeltaTemplate, make: (i: number) => string, limit: number) {
  for (let i = 0; i < limit; i++) if (feed(template, make(i))) return i;
  return limit;
}

describe('DeltaTemplate learning back-off', () => {
  it('learns a new shape at once after fewer than three misses', () => {
    const template = new DeltaTemplate();
    feed(template, plain('a'));
    feed(template, toolCall());
    feed(template, toolCall());
    expect(eventsUntilMatch(template, (i) => shaped(`t${i}`), 20)).toBe(1);
  });

  it('skips learning for 8 events after three misses in a row, then learns', () => {
    const template = new DeltaTemplate();
    feed(template, plain('a'));
    for (let i = 0; i < 3; i++) feed(template, toolCall());
    // 8 events skipped, the 9th learned, the 10th (index 9) matched.
    expect(eventsUntilMatch(template, (i) => shaped(`t${i}`), 400)).toBe(9);
  });

  it('skips at most 256 events however many misses came before', () => {
    const template = new DeltaTemplate();
    feed(template, plain('a'));
    for (let i = 0; i < 3; i++) feed(template, toolCall());
    expect(eventsUntilMatch(template, (i) => shaped(`t${i}`), 400)).toBe(9);
    // That learn came after 11 misses: the next shape waits 256 events, then is learned.
    expect(eventsUntilMatch(template, (i) => plain(`u${i}`), 400)).toBe(257);
  });

  it('starts counting misses again after a match of data', () => {
    const template = new DeltaTemplate();
    feed(template, plain('a'));
    feed(template, toolCall());
    feed(template, toolCall());
    expect(feed(template, plain('b'))).toBe(true);
    feed(template, toolCall());
    expect(eventsUntilMatch(template, (i) => shaped(`t${i}`), 20)).toBe(1);
  });

  it('starts counting misses again after a match of a raw SSE event', () => {
    const template = new DeltaTemplate();
    feed(template, plain('a'));
    feed(template, toolCall());
    feed(template, toolCall());
    expect(template.matchEvent(`data: ${plain('b')}\n\n`, 0)).toBe(1);
    feed(template, toolCall());
    expect(eventsUntilMatch(template, (i) => shaped(`t${i}`), 20)).toBe(1);
  });

  it('starts counting misses again after learning a shape', () => {
    const template = new DeltaTemplate();
    feed(template, plain('a'));
    feed(template, toolCall());
    const third = (content: string) => JSON.stringify({ choices: [{ delta: { content } }], n: 3 });
    expect(eventsUntilMatch(template, (i) => shaped(`t${i}`), 20)).toBe(1);
    expect(eventsUntilMatch(template, (i) => third(`t${i}`), 20)).toBe(1);
    expect(eventsUntilMatch(template, (i) => plain(`t${i}`), 20)).toBe(1);
  });

  it('counts a token with a control character as a miss', () => {
    const template = new DeltaTemplate();
    feed(template, plain('a'));
    // A raw tab is not valid JSON: the meter reports it; the template only counts the miss.
    for (let i = 0; i < 3; i++)
      expect(template.match(plain('a').replace('"a"', '"a\tb"'))).toBe(-1);
    template.learn(toolCall(), JSON.parse(toolCall()));
    expect(eventsUntilMatch(template, (i) => shaped(`t${i}`), 400)).toBe(9);
  });

  it('counts a span that fails the probe as a miss, and no span found as none', () => {
    // The raw "content": key is not the delta's (written as \u0063ontent): the probe fails.
    const wrongSpan = '{"x":{"content":"q"},"choices":[{"delta":{"\\u0063ontent":"a"}}]}';
    const afterTab = '{"choices":[{"delta":{"content":\t"a"}}]}';
    const noRawKey = '{"choices":[{"delta":{"\\u0063ontent":"a"}}]}';
    for (const [data, skipped] of [
      [wrongSpan, 9],
      [afterTab, 1],
      [noRawKey, 1],
    ] as const) {
      const template = new DeltaTemplate();
      for (let i = 0; i < 3; i++) template.learn(data, JSON.parse(data));
      expect(template.field).toBeNull();
      expect(eventsUntilMatch(template, (i) => shaped(`t${i}`), 400)).toBe(1);
      expect(
        eventsUntilMatch(template, (i) => plain(`u${i}`), 400),
        data,
      ).toBe(skipped);
    }
  });
});
