import type { ChatMessage } from '../client/chat-request.js';

/**
 * The messages of a conversation's next turn: everything sent so far, the answer the server
 * actually gave, then the next item's last user message.
 */
export function nextTurnMessages(
  sent: readonly ChatMessage[],
  answer: string,
  next: readonly ChatMessage[],
): ChatMessage[] {
  return [...sent, { role: 'assistant', content: answer }, lastUserMessage(next)];
}

/** The last message with role `user` (workload items always have one). */
export function lastUserMessage(messages: readonly ChatMessage[]): ChatMessage {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as ChatMessage;
    if (message.role === 'user') return message;
  }
  throw new Error('a workload item has no user message');
}
