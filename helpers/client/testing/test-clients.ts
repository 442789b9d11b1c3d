import { afterEach } from 'vitest';
import { type ChatClient, createChatClient } from '../chat-client.js';
import type { ChatClientOptions } from '../chat-client-options.js';
import { type RawExchange, startRawServer } from './raw-http-server.js';

/**
 * Clients and raw servers for one test file, each closed after its test in creation order.
 * Call at the top level of the file: it registers the `afterEach`.
 */
export function useTestClients() {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return {
    client(baseUrl: string, options: Partial<ChatClientOptions> = {}): ChatClient {
      const created = createChatClient({ baseUrl, ...options });
      cleanups.push(() => created.close());
      return created;
    },
    async raw(onRequest: (exchange: RawExchange) => void) {
      const started = await startRawServer(onRequest);
      cleanups.push(() => started.close());
      return started;
    },
  };
}
