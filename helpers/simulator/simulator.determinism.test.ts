import { describe, expect, it } from 'vitest';
import { startSimulator } from './simulator.js';
import type { SimulatorOptions } from './simulator-options.js';
import { FAST, HELLO, postChat } from './sse-test-client.js';

const REQUESTS = [
  { messages: HELLO, stream: true },
  { messages: HELLO },
  { messages: [{ role: 'system', content: 'Think step by step.' }, ...HELLO], stream: true },
  { messages: HELLO, max_tokens: 7 },
];

async function transcript(
  options: Partial<SimulatorOptions>,
  requests: readonly unknown[] = REQUESTS,
): Promise<string[]> {
  const sim = await startSimulator({ ...FAST, ...options });
  try {
    const out: string[] = [];
    for (const body of requests) {
      const response = await postChat(sim.url, body);
      // `created` is wall-clock seconds; everything else must repeat exactly.
      out.push(`${response.status} ${response.text.replace(/"created":\d+/g, '"created":0')}`);
    }
    return out;
  } finally {
    await sim.close();
  }
}

describe('determinism', () => {
  it('gives the same ids, texts and token counts for the same seed and requests', async () => {
    expect(await transcript({ seed: 7 })).toEqual(await transcript({ seed: 7 }));
  });

  it('gives different texts for a different seed', async () => {
    expect(await transcript({ seed: 7 })).not.toEqual(await transcript({ seed: 8 }));
  });

  it('draws the same faults for the same seed', async () => {
    const faulty = { seed: 3, faultStatus500Rate: 0.5 };
    const twelve = [...REQUESTS, ...REQUESTS, ...REQUESTS];
    const statuses = async () => (await transcript(faulty, twelve)).map((line) => line.slice(0, 3));
    const first = await statuses();
    expect(first).toEqual(await statuses());
    expect(new Set(first).size).toBe(2);
  });
});
