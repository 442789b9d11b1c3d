import { readFileSync } from 'node:fs';
import type { ChatMessage } from '../client/chat-request.js';
import type { WorkloadItem } from './workload-item.js';

/** A dataset line (JSONL) or entry (ShareGPT) that cannot be sent, and why. */
export interface BadLine {
  /** 1-based line in the file where the line or entry starts. */
  line: number;
  reason: string;
}

export type DatasetResult =
  | { ok: true; items: WorkloadItem[]; skipped: BadLine[] }
  | { ok: false; problems: string[] };

/** At most this many bad lines are listed in an error; the count says how many more. */
const MAX_LISTED = 20;

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
const SHAREGPT_ROLES: Readonly<Record<string, ChatMessage['role']>> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
  chatgpt: 'assistant',
  bard: 'assistant',
  model: 'assistant',
  system: 'system',
};

/**
 * Reads a dataset file. Every bad line is found; with `skipBad` they are left out and
 * returned, otherwise the result is a failure listing them (file:line: reason), so the run
 * stops before its first request.
 */
export function readDatasetFile(
  path: string,
  format: 'jsonl' | 'sharegpt',
  options: { skipBad: boolean },
): DatasetResult {
  let text: string;
  try {
    // A byte-order mark is not JSON: editors on Windows add one.
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, problems: [`WORKLOAD dataset ${path} cannot be read (${code})`] };
  }
  const parsed = format === 'jsonl' ? parseJsonl(text) : parseShareGpt(text);
  if ('fatal' in parsed)
    return { ok: false, problems: [`WORKLOAD dataset ${path}: ${parsed.fatal}`] };
  const { items, bad } = parsed;
  if (bad.length > 0 && !options.skipBad) {
    const listed = bad
      .slice(0, MAX_LISTED)
      .map((b) => `WORKLOAD dataset ${path}:${b.line}: ${b.reason}`);
    if (bad.length > MAX_LISTED) listed.push(`... and ${bad.length - MAX_LISTED} more bad lines`);
    listed.push(
      `WORKLOAD dataset ${path}: ${bad.length} bad line${bad.length === 1 ? '' : 's'}; fix ` +
        'them, or set WORKLOAD_SKIP_BAD=1 to skip them',
    );
    return { ok: false, problems: listed };
  }
  if (items.length === 0) {
    return { ok: false, problems: [`WORKLOAD dataset ${path} has no usable conversation`] };
  }
  return { ok: true, items, skipped: bad };
}

type Parsed = { items: WorkloadItem[]; bad: BadLine[] } | { fatal: string };

/** One JSON object per line: `{"messages": [...], "max_tokens": 128}`; blank lines are skipped. */
export function parseJsonl(text: string): Parsed {
  const items: WorkloadItem[] = [];
  const bad: BadLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineText = (lines[i] as string).trim();
    if (lineText === '') continue;
    const line = i + 1;
    let data: unknown;
    try {
      data = JSON.parse(lineText);
    } catch (error) {
      bad.push({ line, reason: `not valid JSON (${(error as Error).message})` });
      continue;
    }
    const item = jsonlItem(data);
    if (typeof item === 'string') bad.push({ line, reason: item });
    else items.push(item);
  }
  return { items, bad };
}

function jsonlItem(data: unknown): WorkloadItem | string {
  if (!isObject(data)) return 'must be a JSON object with "messages"';
  const { messages } = data;
  if (!Array.isArray(messages) || messages.length === 0) {
    return '"messages" must be a non-empty array of {role, content}';
  }
  for (let i = 0; i < messages.length; i++) {
    const problem = messageProblem(messages[i]);
    if (problem !== null) return `messages[${i}]: ${problem}`;
  }
  if (!messages.some((m: { role: string }) => m.role === 'user')) {
    return '"messages" has no message with role "user"';
  }
  const maxTokens = data.max_tokens ?? null;
  if (maxTokens !== null && !(Number.isInteger(maxTokens) && (maxTokens as number) >= 1)) {
    return `"max_tokens" must be a whole number >= 1, got ${JSON.stringify(maxTokens)}`;
  }
  return {
    messages: messages as ChatMessage[],
    maxTokens: maxTokens as number | null,
    requestedInputTokens: null,
  };
}

function messageProblem(message: unknown): string | null {
  if (!isObject(message)) return 'must be an object {role, content}';
  const { role, content } = message;
  if (typeof role !== 'string' || !ROLES.has(role)) {
    return `"role" must be one of ${[...ROLES].join(', ')}, got ${JSON.stringify(role)}`;
  }
  if (typeof content === 'string') return null;
  if (Array.isArray(content) && content.every(isObject)) return null;
  if (content === null && role === 'assistant' && Array.isArray(message.tool_calls)) return null;
  return `"content" must be a string or an array of content parts, got ${JSON.stringify(content)}`;
}

/**
 * A ShareGPT file: a JSON array of `{conversations: [{from, value}, ...]}`. An entry becomes
 * its turns up to its last human turn (the answer recorded after it is left for the server).
 */
export function parseShareGpt(text: string): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position === null ? '' : ` at line ${lineAt(text, Number(position[1]))}`;
    return { fatal: `not valid JSON${where} (${message})` };
  }
  if (!Array.isArray(data)) {
    return { fatal: 'a ShareGPT file must be a JSON array of {"conversations": [...]}' };
  }
  const starts = topLevelElementLines(text);
  const items: WorkloadItem[] = [];
  const bad: BadLine[] = [];
  data.forEach((entry: unknown, index) => {
    const line = starts[index] ?? 1;
    const item = shareGptItem(entry);
    if (typeof item === 'string') bad.push({ line, reason: `entry ${index}: ${item}` });
    else items.push(item);
  });
  return { items, bad };
}

function shareGptItem(entry: unknown): WorkloadItem | string {
  if (!isObject(entry) || !Array.isArray(entry.conversations)) {
    return 'must be an object with a "conversations" array';
  }
  const messages: ChatMessage[] = [];
  let lastHuman = -1;
  for (let i = 0; i < entry.conversations.length; i++) {
    const turn: unknown = entry.conversations[i];
    if (!isObject(turn)) return `conversations[${i}] must be an object {from, value}`;
    const role = typeof turn.from === 'string' ? SHAREGPT_ROLES[turn.from] : undefined;
    if (role === undefined) {
      return `conversations[${i}].from must be one of ${Object.keys(SHAREGPT_ROLES).join(', ')}, got ${JSON.stringify(turn.from)}`;
    }
    if (typeof turn.value !== 'string' || turn.value === '') {
      return `conversations[${i}].value must be a non-empty string`;
    }
    messages.push({ role, content: turn.value });
    if (role === 'user') lastHuman = i;
  }
  if (lastHuman === -1) return 'has no human turn';
  return {
    messages: messages.slice(0, lastHuman + 1),
    maxTokens: null,
    requestedInputTokens: null,
  };
}

/** The 1-based line where each element of the top-level JSON array starts. */
function topLevelElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (depth === 1 && expectElement && c !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
