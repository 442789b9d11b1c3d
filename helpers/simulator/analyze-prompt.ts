/** What the simulator reads from a prompt. */
export interface PromptAnalysis {
  /** Estimated prompt tokens: 3 + sum over messages of (4 + ceil(text chars / 4)). */
  promptTokens: number;
  /** A system or developer message asks for step-by-step reasoning. */
  chainOfThought: boolean;
}

// OpenAI's cookbook counts ~4 tokens of framing per message and 3 to prime the reply.
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;
const CHARS_PER_TOKEN = 4;
const COT_PATTERN = /step[\s-]*by[\s-]*step|thought process|chain[\s-]*of[\s-]*thought/i;

/** The text of a message's content: a string, or the `text` of its text parts. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (typeof part === 'object' && part !== null && typeof part.text === 'string') {
      text += part.text;
    }
  }
  return text;
}

export function analyzePrompt(
  messages: readonly { role: string; content?: unknown }[],
): PromptAnalysis {
  let promptTokens = TOKENS_PER_REPLY;
  let chainOfThought = false;
  for (const message of messages) {
    const text = messageText(message.content);
    promptTokens += TOKENS_PER_MESSAGE + Math.ceil(text.length / CHARS_PER_TOKEN);
    if ((message.role === 'system' || message.role === 'developer') && COT_PATTERN.test(text)) {
      chainOfThought = true;
    }
  }
  return { promptTokens, chainOfThought };
}
