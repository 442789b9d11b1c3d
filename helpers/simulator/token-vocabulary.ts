// Phrases that, strung together, read like a technical answer. Each word is one token.
const PHRASES = [
  'the short answer is that',
  'it depends on the workload',
  'in practice',
  'the latency of each request',
  'grows with the number of concurrent users',
  'a larger batch improves throughput',
  'at the cost of time to first token',
  'the server keeps a queue of waiting requests',
  'each step of the decoder',
  'produces one token for every active sequence',
  'so the answer streams back word by word',
  'this means that',
  'we should measure the tail latency',
  'rather than only the average',
  'the first step is to',
  'check the configuration',
  'then compare the results with the baseline',
  'as a rule of thumb',
  'longer prompts take longer to process',
  'because the model reads every input token',
  'before it can write the first output token',
  'to keep the service responsive',
  'limit the number of tokens per response',
  'and watch the error rate under load',
  'the key point is',
  'that a stable system degrades gracefully',
  'when the traffic exceeds its capacity',
  'for example',
  'a cache can reduce repeated work',
  'the result should be reproducible',
  'given the same inputs and the same seed',
  'overall',
  'the design balances speed and cost',
  'which is usually a good trade-off',
  'let us look at the numbers',
  'the median looks fine',
  'but the slowest requests matter most',
] as const;

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** Phrases as lists of word indexes into WORDS. */
const words: string[] = [];
const wordIndex = new Map<string, number>();
export const PHRASE_WORDS: readonly (readonly number[])[] = PHRASES.map((phrase) =>
  phrase.split(' ').map((word) => {
    let index = wordIndex.get(word);
    if (index === undefined) {
      index = words.length;
      words.push(word);
      wordIndex.set(word, index);
    }
    return index;
  }),
);

/** Number of distinct words; token ids below are laid out in blocks of this size. */
export const WORD_COUNT = words.length;

/**
 * Token ids: [0, n) " word"; [n, 2n) " Word" (sentence start); [2n, 3n) "Word" (text or
 * paragraph start); then ".", ",", "\n\n".
 */
export const TOKEN_PERIOD = 3 * WORD_COUNT;
export const TOKEN_COMMA = TOKEN_PERIOD + 1;
export const TOKEN_PARAGRAPH = TOKEN_PERIOD + 2;

/** Raw text of each token id. */
export const TOKEN_TEXT: readonly string[] = [
  ...words.map((w) => ` ${w}`),
  ...words.map((w) => ` ${capitalize(w)}`),
  ...words.map(capitalize),
  '.',
  ',',
  '\n\n',
];

/** JSON-string-escaped text of each token id, precomputed so streams splice it into templates. */
export const TOKEN_JSON: readonly string[] = TOKEN_TEXT.map((text) =>
  JSON.stringify(text).slice(1, -1),
);
