import { describe, expect, it } from 'vitest';
import { DeltaTemplate } from './delta-template.js';

const vllm = (content: string, created = 1) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created,
    model: 'm',
    choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
  });

function learned(data: string): DeltaTemplate {
  const template = new DeltaTemplate();
  template.learn(data, JSON.parse(data));
  return template;
}

describe('DeltaTemplate', () => {
  it('matches the next token of the learned shape and returns its text', () => {
    const template = learned(vllm('Hello'));
    const next = vllm(' world');
    expect(template.match(next)).toBe(6);
    expect(template.text(next)).toBe(' world');
    expect(template.field).toBe('content');
  });

  it('returns 0 for an empty delta of the learned shape', () => {
    expect(learned(vllm('a')).match(vllm(''))).toBe(0);
  });

  it('leaves tokens with quotes, backslashes or control characters to JSON.parse', () => {
    const template = learned(vllm('a'));
    expect(template.match(vllm('say "hi"'))).toBe(-1);
    expect(template.match(vllm('a\\b'))).toBe(-1);
    expect(template.match(vllm('line\n'))).toBe(-1);
  });

  it('does not match when anything outside the token differs', () => {
    const template = learned(vllm('a', 1));
    expect(template.match(vllm('b', 2))).toBe(-1);
    expect(template.match(`${vllm('b')} `)).toBe(-1);
  });

  it('learns reasoning_content as a non-content field', () => {
    const data = JSON.stringify({ choices: [{ delta: { reasoning_content: 'think' } }] });
    const template = learned(data);
    expect(template.field).toBe('reasoning_content');
    expect(
      template.match(JSON.stringify({ choices: [{ delta: { reasoning_content: 'more' } }] })),
    ).toBe(4);
  });

  it('learns from JSON with spaces after colons (Python json.dumps)', () => {
    const spaced = (content: string) => `{"choices": [{"delta": {"content": "${content}"}}]}`;
    expect(learned(spaced('a')).match(spaced('bc'))).toBe(2);
  });

  it('does not learn from chunks with usage, tool calls, two choices or two outputs', () => {
    const cases = [
      { choices: [{ delta: { content: 'a' } }], usage: { completion_tokens: 1 } },
      { choices: [{ delta: { content: 'a', tool_calls: [{ index: 0 }] } }] },
      { choices: [{ delta: { content: 'a' } }, { delta: { content: 'b' } }] },
      { choices: [{ delta: { content: 'a', reasoning_content: 'b' } }] },
    ];
    for (const body of cases) expect(learned(JSON.stringify(body)).field).toBeNull();
  });

  it('does not learn when the field name appears twice', () => {
    const data = '{"x":{"content":"a"},"choices":[{"delta":{"content":"b"}}]}';
    expect(learned(data).field).toBeNull();
  });
});

describe('DeltaTemplate.matchEvent on raw SSE text', () => {
  it('finds an event of the learned shape at an offset and reports where its text lies', () => {
    const template = learned(vllm('a'));
    const text = `: ping\n\ndata: ${vllm(' world')}\n\nrest`;
    const at = text.indexOf('data:');
    expect(template.matchEvent(text, at)).toBe(6);
    expect(text.slice(template.tokenStart, template.tokenEnd)).toBe(' world');
    expect(text.slice(template.eventEnd)).toBe('rest');
  });

  it('returns 0 for an empty delta and -1 for tokens JSON.parse must see', () => {
    const template = learned(vllm('a'));
    expect(template.matchEvent(`data: ${vllm('')}\n\n`, 0)).toBe(0);
    expect(template.matchEvent(`data: ${vllm('a\\nb')}\n\n`, 0)).toBe(-1);
    expect(template.matchEvent(`data: ${vllm('say "hi"')}\n\n`, 0)).toBe(-1);
  });

  it('leaves cut events, CRLF line ends and other fields to the SSE parser', () => {
    const template = learned(vllm('a'));
    const whole = `data: ${vllm('b')}\n\n`;
    expect(template.matchEvent(whole.slice(0, -1), 0)).toBe(-1);
    expect(template.matchEvent(whole.slice(0, 40), 0)).toBe(-1);
    expect(template.matchEvent(`data: ${vllm('b')}\r\n\r\n`, 0)).toBe(-1);
    expect(template.matchEvent(`event: error\ndata: ${vllm('b')}\n\n`, 0)).toBe(-1);
    expect(template.matchEvent(`data:${vllm('b')}\n\n`, 0)).toBe(-1);
  });

  it('never matches raw text for a template learned from a multi-line data value', () => {
    const data = '{"choices":[{"delta":\n{"content":"a"}}]}';
    const template = learned(data);
    expect(template.field).toBe('content');
    expect(template.matchEvent(`data: ${data}\n\n`, 0)).toBe(-1);
  });
});

describe('DeltaTemplate shared tail pattern', () => {
  // A suffix no other test uses, so this test sees its first and second sighting.
  const chunk = (content: string) =>
    `{"choices":[{"delta":{"content":"${content}"}}],"tail":"shared-tail-test"}`;
  const texts = [
    `data: ${chunk(' ok')}\n\n`,
    `data: ${chunk('')}\n\n`,
    `data: ${chunk('a\\"b')}\n\n`,
    `data: ${chunk('tab\there')}\n\n`,
    `data: ${chunk(' cut')}\n`,
    `data: ${chunk(' cut')}`.slice(0, -4),
    `data: ${chunk(' x')}\r\n\r\n`,
  ];

  it('matches exactly the same events before and after the tail is compiled', () => {
    const first = learned(chunk('a'));
    const second = learned(chunk('b'));
    for (const text of texts) {
      const a = first.matchEvent(text, 0);
      const b = second.matchEvent(text, 0);
      expect(b).toBe(a);
      if (a >= 0) {
        expect([second.tokenStart, second.tokenEnd, second.eventEnd]).toEqual([
          first.tokenStart,
          first.tokenEnd,
          first.eventEnd,
        ]);
      }
    }
    expect(first.matchEvent(texts[0] as string, 0)).toBe(3);
  });
});
