import { describe, expect, it } from 'vitest';
import { DeltaTemplate } from './delta-template.js';

function learned(data: string): DeltaTemplate {
  const template = new DeltaTemplate();
  template.learn(data, JSON.parse(data));
  return template;
}

/**
 * Two templates of the same shape: the first stream to show a tail scans for it, the second
 * uses the tail's compiled pattern. Each test uses its own tail so that it sees both.
 */
function firstAndSecond(make: (content: string) => string): DeltaTemplate[] {
  return [learned(make('a')), learned(make('b'))];
}

describe('DeltaTemplate.matchEvent, scanned and compiled tails alike', () => {
  it('reads a tail full of RegExp syntax literally', () => {
    const special = String.raw`.*+?^$\\{}()|[]/`;
    const make = (content: string) =>
      `{"choices":[{"delta":{"content":"${content}"}}],"s":"${special}"}`;
    for (const template of firstAndSecond(make)) {
      expect(template.matchEvent(`data: ${make('ok')}\n\n`, 0)).toBe(2);
      // Each RegExp character replaced by a letter it would match as syntax.
      const loose = make('ok').replace(special, 'x'.repeat(special.length));
      expect(template.matchEvent(`data: ${loose}\n\n`, 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('ok').replace('$', '')}\n\n`, 0)).toBe(-1);
    }
  });

  it('matches only at the offset given, not later in the text', () => {
    const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"at"}`;
    for (const template of firstAndSecond(make)) {
      const text = `: ping\n\ndata: ${make('ok')}\n\n`;
      expect(template.matchEvent(text, 0)).toBe(-1);
      expect(template.matchEvent(text, 1)).toBe(-1);
      expect(template.matchEvent(text, 8)).toBe(2);
      expect([template.tokenStart, template.tokenEnd, template.eventEnd]).toEqual([
        47,
        49,
        text.length,
      ]);
    }
  });

  it('rejects a token with a raw control character or a backslash', () => {
    const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"cc"}`;
    for (const template of firstAndSecond(make)) {
      expect(template.matchEvent(`data: ${make('a\tb')}\n\n`, 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('a\u001fb')}\n\n`, 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('a\\u0041')}\n\n`, 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('a b~')}\n\n`, 0)).toBe(4);
    }
  });

  it('rejects an event whose tail is cut, differs, or lacks its blank line', () => {
    const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"cut"}`;
    for (const template of firstAndSecond(make)) {
      const whole = `data: ${make('ok')}\n\n`;
      for (let end = whole.length - 8; end < whole.length; end++)
        expect(template.matchEvent(whole.slice(0, end), 0), `cut at ${end}`).toBe(-1);
      expect(template.matchEvent(whole.replace('"cut"', '"cot"'), 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('ok')}\nx\n`, 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('no quote after this')}`, 0)).toBe(-1);
      expect(
        template.matchEvent(
          `data: {"choices":[{"delta":{"content":"no closing quote in all of this long text`,
          0,
        ),
      ).toBe(-1);
    }
  });

  it('matches an event that ends exactly at the end of the text', () => {
    const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"end"}`;
    for (const template of firstAndSecond(make)) {
      const text = `data: ${make('')}\n\n`;
      expect(template.matchEvent(text, 0)).toBe(0);
      expect(template.eventEnd).toBe(text.length);
    }
  });
});
