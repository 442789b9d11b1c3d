import type { ChatMessage } from '../client/chat-request.js';

/** One request a workload asks for: the messages and the lengths it wants. */
export interface WorkloadItem {
  /** Sent as they are (dataset lines byte for byte as parsed). */
  messages: readonly ChatMessage[];
  /** `max_tokens` to send; null sends none. */
  maxTokens: number | null;
  /** Prompt tokens the workload asked for (synthetic prompts); null when it asked none. */
  requestedInputTokens: number | null;
}
