import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../client/chat-request.js';
import { nextTurnMessages } from './conversation.js';
import { parseSyntheticDescription } from './synthetic-description.js';
import type { TokenCalibration } from './token-calibration.js';
import { generateText } from './word-source.js';
import { createWorkload, type LoadedWorkload, type WorkloadOptions } from './workload.js';
import type { WorkloadItem } from './workload-item.js';
import { createWorkloadRandom } from './workload-random.js';

const CALIBRATION: TokenCalibration = {
  kind: 'measured',
  charsPerToken: 4,
  overheadTokens: 7,
  probes: [],
};
const OPTIONS: WorkloadOptions = {
  seed: 1,
  maxTokens: null,
  turns: 1,
  thinkTimeMs: 0,
  calibration: CALIBRATION,
};

function synthetic(text: string): LoadedWorkload {
  const parsed = parseSyntheticDescription(text);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return { source: { kind: 'synthetic', description: parsed.description } };
}

function take(
  loaded: LoadedWorkload,
  options: Partial<WorkloadOptions>,
  n: number,
): WorkloadItem[] {
  const workload = createWorkload(loaded, { ...OPTIONS, ...options });
  return Array.from({ length: n }, () => workload.next());
}

const user = (content: string): ChatMessage => ({ role: 'user', content });

describe('a synthetic workload', () => {
  it('generates prompts of the calibrated length and asks for the drawn output length', () => {
    const [item] = take(synthetic('prompt_tokens=100,output_tokens=20'), {}, 1);
    expect(item?.messages).toHaveLength(1);
    expect(item?.messages[0]?.content).toHaveLength((100 - 7) * 4);
    expect(item).toMatchObject({ maxTokens: 20, requestedInputTokens: 100 });
  });

  it('repeats with the same SEED and changes with another', () => {
    const loaded = synthetic('prompt_tokens=50,prompt_tokens_stdev=10,samples=5');
    const texts = (seed: number) =>
      take(loaded, { seed }, 5).map((item) => item.messages[0]?.content);
    expect(texts(1)).toEqual(texts(1));
    expect(texts(2)).not.toEqual(texts(1));
    expect(new Set(texts(1)).size).toBe(5);
  });

  it('cycles through its samples', () => {
    const items = take(synthetic('prompt_tokens=20,samples=3'), {}, 6);
    expect(items.slice(3)).toEqual(items.slice(0, 3));
  });

  it('sends MAX_TOKENS when the description has no output_tokens', () => {
    expect(take(synthetic('prompt_tokens=20'), { maxTokens: 99 }, 1)[0]?.maxTokens).toBe(99);
    expect(take(synthetic('prompt_tokens=20'), {}, 1)[0]?.maxTokens).toBeNull();
  });
});

describe('a dataset workload', () => {
  const items: WorkloadItem[] = Array.from({ length: 10 }, (_, i) => ({
    messages: [user(`question ${i}`)],
    maxTokens: i === 0 ? 5 : null,
    requestedInputTokens: null,
  }));
  const loaded: LoadedWorkload = {
    source: { kind: 'dataset', path: '/x/chats.jsonl', format: 'jsonl' },
    items,
    skipped: [],
  };

  it('sends every line once per pass, in a seeded order', () => {
    const sent = take(loaded, {}, 20).map((item) => item.messages[0]?.content);
    expect(new Set(sent.slice(0, 10)).size).toBe(10);
    expect(sent.slice(10)).toEqual(sent.slice(0, 10));
    expect(sent.slice(0, 10)).not.toEqual(items.map((item) => item.messages[0]?.content));
    expect(take(loaded, { seed: 2 }, 10).map((i) => i.messages[0]?.content)).not.toEqual(
      sent.slice(0, 10),
    );
  });

  it("keeps a line's max_tokens and gives the others MAX_TOKENS", () => {
    const sent = take(loaded, { maxTokens: 50 }, 10);
    const first = sent.find((item) => item.messages[0]?.content === 'question 0');
    expect(first?.maxTokens).toBe(5);
    expect(sent.filter((item) => item.maxTokens === 50)).toHaveLength(9);
  });

  it('is tagged with the file base name', () => {
    expect(createWorkload(loaded, OPTIONS).tag).toBe('chats');
  });
});

describe('a fixture workload', () => {
  it("sends the fixture's messages, with its maxTokens over MAX_TOKENS", () => {
    const loaded: LoadedWorkload = {
      source: { kind: 'fixture', tag: 'short' },
      fixture: {
        tag: 'short',
        description: '',
        messages: [{ role: 'user', content: 'Hi' }],
        maxTokens: 7,
      },
    };
    const workload = createWorkload(loaded, { ...OPTIONS, maxTokens: 100 });
    expect(workload.tag).toBe('short');
    expect(workload.next()).toEqual({
      messages: [user('Hi')],
      maxTokens: 7,
      requestedInputTokens: null,
    });
  });
});

describe('nextTurnMessages', () => {
  it("appends the answer as the assistant and the next item's last user message", () => {
    const sent: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, user('One?')];
    const next: ChatMessage[] = [{ role: 'system', content: 'Other.' }, user('Two?')];
    expect(nextTurnMessages(sent, 'Yes.', next)).toEqual([
      ...sent,
      { role: 'assistant', content: 'Yes.' },
      user('Two?'),
    ]);
  });
});

describe('generateText', () => {
  it('gives exactly the asked number of characters, as sentences of words', () => {
    const random = createWorkloadRandom(5);
    for (const chars of [1, 17, 400, 5000]) expect(generateText(random, chars)).toHaveLength(chars);
    expect(generateText(random, 200)).toMatch(/^[A-Z][a-z]+( [a-z]+)*\. [A-Z]/);
  });
});
