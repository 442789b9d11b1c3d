import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_SECRET_PIECE_CHARS } from '../client/secret-redactor.js';
import type { ConfigProblem } from './env-reader.js';

/**
 * dotenv 18's own line pattern (its default `parse`): a match is a line it understood,
 * including a quoted value that runs over several lines.
 */
const DOTENV_LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

/**
 * The lines of a `.env` text that dotenv ignores without a word: neither blank, nor a
 * `# comment`, nor `NAME=value` (or `export NAME=value`, `NAME: value`). Each problem names the
 * line number and shows at most its first 8 characters: the line may hold a secret.
 */
export function findEnvFileProblems(text: string, file = '.env'): ConfigProblem[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  const understood = new Uint8Array(normalized.length);
  for (const match of normalized.matchAll(DOTENV_LINE)) {
    if (match[0].length === 0) continue;
    understood.fill(1, match.index, match.index + match[0].length);
  }
  const problems: ConfigProblem[] = [];
  let start = 0;
  normalized.split('\n').forEach((line, index) => {
    const lineStart = start;
    start += line.length + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    for (let i = 0; i < line.length; i++) {
      if (understood[lineStart + i] === 0 && line[i]?.trim() !== '') {
        problems.push({
          variable: `${file} line ${index + 1}`,
          value: snippet(trimmed),
          expected: 'NAME=value, a # comment or blank (dotenv ignores this line)',
        });
        return;
      }
    }
  });
  return problems;
}

/** The problems of the `.env` file the suite reads (none when there is no such file). */
export function envFileProblems(envFile: string = resolve(process.cwd(), '.env')): ConfigProblem[] {
  if (!existsSync(envFile)) return [];
  return findEnvFileProblems(readFileSync(envFile, 'utf8'));
}

/** At most 8 characters: too short to be a telling piece of a secret. */
function snippet(line: string): string {
  return line.length <= MAX_SECRET_PIECE_CHARS ? line : `${line.slice(0, MAX_SECRET_PIECE_CHARS)}…`;
}
