import type { Random } from './random.js';
import {
  PHRASE_WORDS,
  TOKEN_COMMA,
  TOKEN_PARAGRAPH,
  TOKEN_PERIOD,
  WORD_COUNT,
} from './token-vocabulary.js';

/** Produces token ids (see token-vocabulary.ts) that read as sentences of an answer. */
export interface TextGenerator {
  /** The next token id. */
  next(): number;
  /** Starts a new text (e.g. the content after the reasoning): next word is capitalised. */
  beginText(): void;
}

type Position = 'text-start' | 'sentence-start' | 'in-sentence';

const PARAGRAPH_CHANCE = 0.15;
const COMMA_CHANCE = 0.3;

export function createTextGenerator(random: Random): TextGenerator {
  let position: Position = 'text-start';
  let phrase: readonly number[] = [];
  let wordInPhrase = 0;
  // Phrases still to start in the current sentence.
  let phrasesLeft = 0;
  let pendingComma = false;
  let pendingParagraph = false;

  const nextWord = (): number => {
    const word = phrase[wordInPhrase++] ?? 0;
    if (wordInPhrase === phrase.length && phrasesLeft > 0 && random.next() < COMMA_CHANCE) {
      pendingComma = true;
    }
    const at = position;
    position = 'in-sentence';
    if (at === 'text-start') return 2 * WORD_COUNT + word;
    if (at === 'sentence-start') return WORD_COUNT + word;
    return word;
  };

  return {
    beginText() {
      position = 'text-start';
      phrase = [];
      wordInPhrase = 0;
      phrasesLeft = 0;
      pendingComma = false;
      pendingParagraph = false;
    },
    next() {
      if (pendingComma) {
        pendingComma = false;
        return TOKEN_COMMA;
      }
      if (pendingParagraph) {
        pendingParagraph = false;
        return TOKEN_PARAGRAPH;
      }
      if (wordInPhrase < phrase.length) return nextWord();
      if (position === 'in-sentence' && phrasesLeft === 0) {
        if (random.next() < PARAGRAPH_CHANCE) {
          pendingParagraph = true;
          position = 'text-start';
        } else {
          position = 'sentence-start';
        }
        return TOKEN_PERIOD;
      }
      if (position !== 'in-sentence') phrasesLeft = random.int(1, 3);
      phrasesLeft--;
      phrase = PHRASE_WORDS[random.int(0, PHRASE_WORDS.length - 1)] ?? [];
      wordInPhrase = 0;
      return nextWord();
    },
  };
}
