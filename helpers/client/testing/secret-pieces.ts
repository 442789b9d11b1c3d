import { MAX_SECRET_PIECE_CHARS } from '../secret-redactor.js';

/**
 * Every piece of a secret longer than `MAX_SECRET_PIECE_CHARS` that occurs in `text` (as
 * the shortest such pieces, deduplicated); empty when the text is clean. For assertions:
 * `expect(secretPiecesIn(output, [key])).toEqual([])` names what leaked.
 */
export function secretPiecesIn(text: string, secrets: readonly string[]): string[] {
  const found = new Set<string>();
  const size = MAX_SECRET_PIECE_CHARS + 1;
  for (const secret of secrets) {
    for (let i = 0; i + size <= secret.length; i++) {
      const piece = secret.slice(i, i + size);
      if (text.includes(piece)) found.add(piece);
    }
    if (secret.length < size && secret.length > 0 && text.includes(secret)) found.add(secret);
  }
  return [...found];
}
