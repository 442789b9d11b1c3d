import { describe, expect, it, vi } from 'vitest';
import { DeltaTemplate } from './delta-template.js';

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'c-1', choices: [{ index: 0, delta }], ...extra });

function learned(data: string): DeltaTemplate {
  const template = new DeltaTemplate();
  template.learn(data, JSON.parse(data));
  return template;
}

describe('DeltaTemplate before learning', () => {
  it('matches nothing, neither data nor raw SSE text', () => {
    const template = new DeltaTemplate();
    expect(template.field).toBeNull();
    expect(template.matchesEvents).toBe(false);
    expect(template.match('abc')).toBe(-1);
    expect(template.match('')).toBe(-1);
    expect(template.matchEvent('data: abc\n\n', 0)).toBe(-1);
  });
});

describe('DeltaTemplate.learn: which chunks qualify', () => {
  it('learns from a chunk whose error and usage are null (vLLM with include_usage)', () => {
    const template = learned(chunk({ content: 'a' }, { usage: null, error: null }));
    expect(template.field).toBe('content');
    expect(template.match(chunk({ content: 'bc' }, { usage: null, error: null }))).toBe(2);
  });

  it('does not learn from a chunk with an error', () => {
    expect(learned(chunk({ content: 'a' }, { error: { message: 'x' } })).field).toBeNull();
  });

  it('learns the reasoning field', () => {
    const template = learned(chunk({ reasoning: 'think' }));
    expect(template.field).toBe('reasoning');
    expect(template.match(chunk({ reasoning: 'more' }))).toBe(4);
  });

  it('learns the one non-empty field when the others are empty strings', () => {
    expect(learned(chunk({ content: '', reasoning: 'think' })).field).toBe('reasoning');
    expect(learned(chunk({ reasoning_content: '', content: 'a' })).field).toBe('content');
  });

  it('learns from a chunk with an empty tool_calls list', () => {
    expect(learned(chunk({ content: 'a', tool_calls: [] })).field).toBe('content');
  });

  it('does not learn from chunks without one object delta', () => {
    const bodies = [
      { choices: [] },
      { choices: { 0: { delta: { content: 'a' } } } },
      { choices: [null] },
      { choices: [{}] },
      { choices: [{ delta: null }] },
      { choices: [{ delta: 'a' }] },
      { choices: [{ delta: { content: '' } }] },
      { choices: [{ delta: { content: 5 } }] },
    ];
    for (const body of bodies)
      expect(learned(JSON.stringify(body)).field, JSON.stringify(body)).toBeNull();
  });

  it('does not learn from two choices, even with different fields', () => {
    const data = JSON.stringify({
      choices: [{ delta: { content: 'a' } }, { delta: { reasoning: 'b' } }],
    });
    expect(learned(data).field).toBeNull();
  });

  it('learns nothing from a delta whose only string is under another key', () => {
    const template = learned(chunk({ null: 'x' }));
    expect(template.field).toBeNull();
    expect(template.matchesEvents).toBe(false);
  });

  it('does not learn when the field name appears again after the delta', () => {
    const data = '{"choices":[{"delta":{"content":"b"}}],"x":{"content":"a"}}';
    expect(learned(data).field).toBeNull();
  });

  it('learns a token that holds escaped quotes and backslashes', () => {
    const template = learned(chunk({ content: 'say "hi" \\ ok' }));
    expect(template.field).toBe('content');
    expect(template.match(chunk({ content: 'plain' }))).toBe(5);
  });

  it('never learns a span outside the delta, even when its key is the only raw match', () => {
    // The delta's key is written with a JSON escape, so the raw text "content": is another one.
    const data = '{"x":{"content":"q"},"choices":[{"delta":{"\\u0063ontent":"a"}}]}';
    const template = learned(data);
    expect(template.field).toBeNull();
    expect(
      template.match('{"x":{"content":"zz"},"choices":[{"delta":{"\\u0063ontent":"a"}}]}'),
    ).toBe(-1);
  });

  it('does not learn when the value after the key is not a string after spaces', () => {
    // JSON allows a tab before the value; the template only skips spaces.
    const data = '{"choices":[{"delta":{"content":\t"a"}}]}';
    expect(learned(data).field).toBeNull();
  });

  it('never matches raw SSE text for a template whose prefix holds a carriage return', () => {
    const data = '{"choices":[{"delta":\r{"content":"a"}}]}';
    const template = learned(data);
    expect(template.field).toBe('content');
    expect(template.matchesEvents).toBe(false);
    expect(template.match('{"choices":[{"delta":\r{"content":"bc"}}]}')).toBe(2);
  });

  it('never matches raw SSE text for a template whose suffix holds a line break', () => {
    const data = '{"choices":[{"delta":{"content":"a"}\n}]}';
    const template = learned(data);
    expect(template.field).toBe('content');
    expect(template.matchesEvents).toBe(false);
    expect(template.matchEvent(`data: ${data}\n\n`, 0)).toBe(-1);
  });

  it('matches raw SSE text for a template learned from one line', () => {
    expect(learned(chunk({ content: 'a' })).matchesEvents).toBe(true);
  });
});

describe('DeltaTemplate.match: the varying text', () => {
  const prefix = '{"choices":[{"delta":{"content":"';
  const suffix = '"}}]}';
  const template = learned(`${prefix}a${suffix}`);

  it('accepts spaces and any character from U+0020 on', () => {
    expect(template.match(`${prefix} a b ${suffix}`)).toBe(5);
    expect(template.match(`${prefix}~é漢${suffix}`)).toBe(3);
  });

  it('rejects raw control characters, which JSON does not allow in a string', () => {
    expect(template.match(`${prefix}a\tb${suffix}`)).toBe(-1);
    expect(template.match(`${prefix}a\u001fb${suffix}`)).toBe(-1);
    expect(template.match(`${prefix}\u0000${suffix}`)).toBe(-1);
  });

  it('rejects a raw quote, which would end the string early', () => {
    expect(template.match(`${prefix}a","reasoning":"b${suffix}`)).toBe(-1);
  });

  it('rejects data that only shares the prefix or only the suffix', () => {
    expect(template.match(`{"choices":[{"delta":{"content":"a"}}],"x":1}`)).toBe(-1);
    expect(template.match(`{"choices":[{"delta":{"reasoning":"a${suffix}`)).toBe(-1);
  });

  it('rejects data shorter than the prefix and suffix together', () => {
    // The prefix's last quote doubles as the suffix's first: it is not an empty token.
    expect(template.match(`${prefix}}}]}`)).toBe(-1);
  });
});

describe('DeltaTemplate.learn: one probe per shape', () => {
  // A shape of its own, so that no other test has had its probe parsed.
  const withId = (id: string, content: string, extra = 'once') =>
    JSON.stringify({ id, choices: [{ index: 0, delta: { content } }], shape: extra });

  /** Learns `data` and counts the JSON.parse calls that learning made (the probe's). */
  function probesOf(data: string): { template: DeltaTemplate; probes: number } {
    const parsed = JSON.parse(data);
    const template = new DeltaTemplate();
    const spy = vi.spyOn(JSON, 'parse');
    try {
      template.learn(data, parsed);
      return { template, probes: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
    }
  }

  it('parses the probe of a shape once, whatever the plain text of its id', () => {
    expect(probesOf(withId('chatcmpl-1', 'a')).probes).toBe(1);
    const second = probesOf(withId('chatcmpl-second-stream', 'b'));
    expect(second.probes).toBe(0);
    expect(second.template.match(withId('chatcmpl-second-stream', 'zz'))).toBe(2);
    expect(second.template.match(withId('chatcmpl-1', 'zz'))).toBe(-1);
  });

  it('parses the probe again for another shape, or an id that is not plain', () => {
    expect(probesOf(withId('c-1', 'a', 'other')).probes).toBe(1);
    expect(probesOf(withId('c-2', 'a', 'other')).probes).toBe(0);
    expect(probesOf(withId('c-"3"', 'a', 'other')).probes).toBe(1);
    expect(probesOf(withId('c-"3"', 'a', 'other')).probes).toBe(1);
  });

  it('parses the probe of a template whose prefix has no "id" every time', () => {
    const noId = (n: number) => `{"n":${n},"choices":[{"index":0,"delta":{"content":"a"}}]}`;
    expect(probesOf(noId(1)).probes).toBe(1);
    expect(probesOf(noId(2)).probes).toBe(1);
    expect(probesOf(noId(1)).probes).toBe(1);
  });

  it('parses the probe again when the prefix differs before the id, or between the id and the token', () => {
    const shaped = (before: string, between: string, id: string) =>
      `{${before}"id":"${id}",${between}"choices":[{"index":0,"delta":{"content":"a"}}],"s":"parts"}`;
    expect(probesOf(shaped('', '', 'p-1')).probes).toBe(1);
    expect(probesOf(shaped('', '', 'p-2')).probes).toBe(0);
    expect(probesOf(shaped('"k":1,', '', 'p-3')).probes).toBe(1);
    expect(probesOf(shaped('', '"k":1,', 'p-4')).probes).toBe(1);
  });

  it('still refuses a span outside the delta after its shape without it was accepted', () => {
    const good = '{"id":"c-7","x":{"k":"q"},"choices":[{"delta":{"content":"a"}}]}';
    expect(learned(good).field).toBe('content');
    const tricky = '{"id":"c-8","x":{"content":"q"},"choices":[{"delta":{"\\u0063ontent":"a"}}]}';
    expect(learned(tricky).field).toBeNull();
  });
});

describe('DeltaTemplate.adopt: another stream of an accepted shape', () => {
  const withId = (id: string, content: string, extra = 'adopt') =>
    JSON.stringify({ id, choices: [{ index: 0, delta: { content } }], shape: extra });

  it('learns the template from data of an accepted shape, without JSON.parse', () => {
    learned(withId('first-stream', 'a'));
    const template = new DeltaTemplate();
    const spy = vi.spyOn(JSON, 'parse');
    try {
      expect(template.adopt(withId('another-stream-id', 'hello'))).toBe(5);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(template.field).toBe('content');
    expect(template.match(withId('another-stream-id', 'next'))).toBe(4);
    expect(template.match(withId('first-stream', 'next'))).toBe(-1);
    // A template is adopted once: after that, match decides.
    expect(template.adopt(withId('third-stream', 'x'))).toBe(-1);
  });

  it('adopts an empty delta as no output', () => {
    learned(withId('s-1', 'a', 'adopt-empty'));
    expect(new DeltaTemplate().adopt(withId('s-2', '', 'adopt-empty'))).toBe(0);
  });

  it('refuses data whose id or token is not plain, or whose shape differs anywhere', () => {
    learned(withId('s-1', 'a', 'adopt-refuse'));
    const refused = [
      withId('s-"2"', 'a', 'adopt-refuse'),
      withId('s-2', 'a"b', 'adopt-refuse'),
      withId('s-2', 'a\\b', 'adopt-refuse'),
      withId('s-2', 'a\u0001', 'adopt-refuse'),
      withId('s-2', 'a', 'adopt-refusE'),
      withId('s-2', 'a', 'adopt-refuse').replace('"choices"', '"choiceS"'),
      withId('s-2', 'a', 'adopt-refuse').replace('{"id"', '{"iD"'),
      JSON.stringify({
        id: 's-2',
        choices: [{ index: 0, delta: { reasoning: 'a' } }],
        shape: 'adopt-refuse',
      }),
      withId('s-2', 'a', 'adopt-refuse').slice(0, -1),
    ];
    // The id's rest and the tail share a quote: too short to hold both.
    refused.push(
      '{"id":"s-2","choices":[{"index":0,"delta":{"content":"}}],"shape":"adopt-refuse"}',
    );
    for (const data of refused) {
      const template = new DeltaTemplate();
      expect(template.adopt(data), data).toBe(-1);
      expect(template.field, data).toBeNull();
    }
  });
});
