import type { WorkloadRandom } from './workload-random.js';

// Common English words: real words tokenize like real prompts (about 1.3 tokens per word on
// BPE tokenizers), which random letters would not.
const WORDS = (
  'the of and to in is that it for was on are as with be at by this have from or one had ' +
  'not but what all were when we there can an your which their said if do will each about ' +
  'how up out them then she many some so these would other into has more her two like him ' +
  'see time could no make than first been its who now people my made over did down only way ' +
  'find use may water long little very after words called just where most know get through ' +
  'back much go good new write our used me man too any day same right look think also around ' +
  'another came come work three word must because does part even place well such here take ' +
  'why things help put years different away again off went old number great tell men say ' +
  'small every found still between name should home big give air line set own under read ' +
  'last never us left end along while might next sound below saw something thought both few ' +
  'those always looked show large often together asked house world going want school ' +
  'important until form food keep children feet land side without boy once animals life ' +
  'enough took sometimes four head above kind began almost live page got earth need far hand ' +
  'high year mother light parts country father let night following picture being study ' +
  'second eyes soon times story boys since white days paper hard near sentence better best ' +
  'across during today others however sure means knew try told young miles sun ways thing ' +
  'whole hear example heard several change answer room sea against top turned learn point ' +
  'city play toward five using himself usually money seen car morning river system report ' +
  'question measure server request latency model token answer memory network queue batch'
).split(' ');

/**
 * Seeded text of exactly `chars` characters: sentences of 6 to 16 words, cut at `chars`
 * (the last word may be cut, as GuideLLM cuts its prompts at a token count).
 */
export function generateText(random: WorkloadRandom, chars: number): string {
  if (chars <= 0) return '';
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const words = random.int(6, 16);
    let sentence = '';
    for (let i = 0; i < words; i++) {
      const word = WORDS[random.int(0, WORDS.length - 1)] as string;
      sentence += i === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : ` ${word}`;
    }
    sentence += '.';
    const piece = parts.length === 0 ? sentence : ` ${sentence}`;
    parts.push(piece);
    length += piece.length;
  }
  return parts.join('').slice(0, chars);
}
