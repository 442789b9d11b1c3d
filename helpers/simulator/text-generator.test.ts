import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';
import { createTextGenerator } from './text-generator.js';
import { TOKEN_JSON, TOKEN_TEXT } from './token-vocabulary.js';

const textOf = (seed: number, n: number): string => {
  const generator = createTextGenerator(createRandom(seed));
  let text = '';
  for (let i = 0; i < n; i++) text += TOKEN_TEXT[generator.next()];
  return text;
};

describe('createTextGenerator', () => {
  it('starts with a capital letter and no leading space', () => {
    expect(textOf(1, 5)).toMatch(/^[A-Z]/);
  });

  it('writes sentences that end with a period and start with a capital', () => {
    const text = textOf(2, 400);
    const sentences = text.split(/\.\s+/).filter((s) => s !== '');
    expect(sentences.length).toBeGreaterThan(5);
    for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z]/);
  });

  it('restarts with a capital after beginText', () => {
    const generator = createTextGenerator(createRandom(3));
    for (let i = 0; i < 7; i++) generator.next();
    generator.beginText();
    expect(TOKEN_TEXT[generator.next()]).toMatch(/^[A-Z]/);
  });

  it('is reproducible from the seed', () => {
    expect(textOf(11, 200)).toBe(textOf(11, 200));
  });
});

describe('token vocabulary', () => {
  it('holds JSON-escaped forms that decode back to the raw text', () => {
    TOKEN_JSON.forEach((json, i) => {
      expect(JSON.parse(`"${json}"`)).toBe(TOKEN_TEXT[i]);
    });
  });
});
