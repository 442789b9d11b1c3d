export { apiUrl } from './api-url.js';
export { type ChatClient, createChatClient } from './chat-client.js';
export {
  ChatClientConfigError,
  type ChatClientOptionProblem,
  type ChatClientOptions,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_TIMEOUTS_MS,
  type TimeoutsMs,
} from './chat-client-options.js';
export { type ChatMessage, type ChatRequest, chatRequestBody } from './chat-request.js';
export * from './outcome.js';
export * from './request-sample.js';
