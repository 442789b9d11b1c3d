import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonl, parseShareGpt, readDatasetFile } from './dataset-file.js';

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dataset-')), name);
  writeFileSync(path, text);
  return path;
}

const GOOD = JSON.stringify({
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ],
  max_tokens: 32,
});

describe('parseJsonl', () => {
  it("keeps each line's messages exactly as given, with its max_tokens", () => {
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'Look' }], name: 'ann' },
      { role: 'assistant', content: 'Yes?' },
      { role: 'user', content: 'Go on' },
    ];
    const parsed = parseJsonl(`${GOOD}\n\n${JSON.stringify({ messages })}\n`);
    expect(parsed).toEqual({
      items: [
        { messages: JSON.parse(GOOD).messages, maxTokens: 32, requestedInputTokens: null },
        { messages, maxTokens: null, requestedInputTokens: null },
      ],
      bad: [],
    });
  });

  it('reports every bad line with its number and why', () => {
    const lines = [
      GOOD,
      '{"messages": [',
      '[]',
      '{"messages": []}',
      '{"messages": [{"role": "robot", "content": "x"}]}',
      '{"messages": [{"role": "user", "content": 5}]}',
      '{"messages": [{"role": "system", "content": "x"}]}',
      '{"messages": [{"role": "user", "content": "x"}], "max_tokens": 0}',
    ];
    const parsed = parseJsonl(lines.join('\n'));
    if ('fatal' in parsed) throw new Error('unexpected');
    expect(parsed.items).toHaveLength(1);
    expect(parsed.bad.map((b) => b.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(parsed.bad[0]?.reason).toMatch(/^not valid JSON/);
    expect(parsed.bad.slice(1).map((b) => b.reason)).toEqual([
      'must be a JSON object with "messages"',
      '"messages" must be a non-empty array of {role, content}',
      'messages[0]: "role" must be one of system, developer, user, assistant, tool, got "robot"',
      'messages[0]: "content" must be a string or an array of content parts, got 5',
      '"messages" has no message with role "user"',
      '"max_tokens" must be a whole number >= 1, got 0',
    ]);
  });
});

describe('parseShareGpt', () => {
  it('maps from/value to roles, up to the last human turn', () => {
    const text = JSON.stringify([
      {
        id: 'a',
        conversations: [
          { from: 'system', value: 'Be kind.' },
          { from: 'human', value: 'Hello' },
          { from: 'gpt', value: 'Hi!' },
          { from: 'human', value: 'How are you?' },
          { from: 'gpt', value: 'Fine.' },
        ],
      },
    ]);
    expect(parseShareGpt(text)).toEqual({
      items: [
        {
          messages: [
            { role: 'system', content: 'Be kind.' },
            { role: 'user', content: 'Hello' },
            { role: 'assistant', content: 'Hi!' },
            { role: 'user', content: 'How are you?' },
          ],
          maxTokens: null,
          requestedInputTokens: null,
        },
      ],
      bad: [],
    });
  });

  it('reports a bad entry with the line where it starts and its index', () => {
    const text = [
      '[',
      '  {"conversations": [{"from": "human", "value": "a"}]},',
      '  {"conversations": [',
      '    {"from": "robot", "value": "b"}',
      '  ]},',
      '  {"conversations": [{"from": "gpt", "value": "c, [d]"}]}',
      ']',
    ].join('\n');
    const parsed = parseShareGpt(text);
    if ('fatal' in parsed) throw new Error('unexpected');
    expect(parsed.bad).toEqual([
      {
        line: 3,
        reason:
          'entry 1: conversations[0].from must be one of human, user, gpt, assistant, chatgpt, bard, model, system, got "robot"',
      },
      { line: 6, reason: 'entry 2: has no human turn' },
    ]);
  });

  it('fails as a whole when the file is not a JSON array', () => {
    expect(parseShareGpt('{"conversations": []}')).toEqual({
      fatal: 'a ShareGPT file must be a JSON array of {"conversations": [...]}',
    });
    const broken = parseShareGpt('[\n  {"conversations": [}\n]');
    expect('fatal' in broken && broken.fatal).toMatch(/^not valid JSON/);
  });
});

describe('readDatasetFile', () => {
  it('stops on a bad line, naming the file and the line, and how to skip it', () => {
    const path = file('chats.jsonl', `${GOOD}\n{"messages": "hi"}\n${GOOD}\n`);
    expect(readDatasetFile(path, 'jsonl', { skipBad: false })).toEqual({
      ok: false,
      problems: [
        `WORKLOAD dataset ${path}:2: "messages" must be a non-empty array of {role, content}`,
        `WORKLOAD dataset ${path}: 1 bad line; fix them, or set WORKLOAD_SKIP_BAD=1 to skip them`,
      ],
    });
  });

  it('skips bad lines when asked, and returns them', () => {
    const path = file('chats.jsonl', `${GOOD}\n{"messages": "hi"}\n${GOOD}\n`);
    const result = readDatasetFile(path, 'jsonl', { skipBad: true });
    expect(result.ok && result.items).toHaveLength(2);
    expect(result.ok && result.skipped.map((b) => b.line)).toEqual([2]);
  });

  it('reads a file that starts with a byte-order mark', () => {
    const path = file('bom.jsonl', `\uFEFF${GOOD}\n`);
    expect(readDatasetFile(path, 'jsonl', { skipBad: false }).ok).toBe(true);
  });

  it('fails when no usable line is left, or the file cannot be read', () => {
    const empty = file('empty.jsonl', '\n\n');
    expect(readDatasetFile(empty, 'jsonl', { skipBad: true })).toEqual({
      ok: false,
      problems: [`WORKLOAD dataset ${empty} has no usable conversation`],
    });
    expect(readDatasetFile('/nonexistent/x.jsonl', 'jsonl', { skipBad: false })).toEqual({
      ok: false,
      problems: ['WORKLOAD dataset /nonexistent/x.jsonl cannot be read (ENOENT)'],
    });
  });
});
