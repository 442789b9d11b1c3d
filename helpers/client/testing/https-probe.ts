// Sends two chat requests to argv[2] from a fresh process (Node reads NODE_EXTRA_CA_CERTS only
// at start) and prints what each sample says about TLS, as one JSON line.
import { createChatClient } from '../chat-client.js';

const baseUrl = process.argv[2] ?? '';
const client = createChatClient({ baseUrl, connections: 1 });
const results = [];
for (let i = 0; i < 2; i++) {
  const sample = await client.send({
    model: 'jan-v1-4b',
    messages: [{ role: 'user', content: 'Say hi' }],
    stream: true,
    maxTokens: 4,
    tags: { scenario: 'chat_stream', prompt: 'short' },
  });
  results.push({
    outcome: sample.outcome,
    connectingMs: sample.connectingMs,
    tlsHandshakingMs: sample.tlsHandshakingMs,
  });
}
await client.close();
process.stdout.write(`${JSON.stringify(results)}\n`);
