import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';
import { HELLO } from './sse-test-client.js';

/** A light client: node:http, body discarded, so the test process adds little load. */
function drain(url: string, body: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/chat/completions`, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers['x-request-id'] as string));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;

async function lateness(sim: Simulator, streams: number, tokens: number): Promise<number[]> {
  const body = { messages: HELLO, stream: true, max_tokens: tokens };
  const ids = await Promise.all(Array.from({ length: streams }, () => drain(sim.url, body)));
  return ids
    .flatMap((id) => {
      const record = sim.truth.get(id);
      return (record?.eventMs ?? []).map((t, i) => t - (record?.eventTargetMs[i] as number));
    })
    .sort((a, b) => a - b);
}

describe('own timing error', () => {
  // Retried: a machine busy for the whole measurement can push a spinning timer's writes past
  // 0.25 ms too (29 of 600 seen once in a CI dry run on Node 22). Timers alone (the spin off)
  // gave 2 to 38 of 600 in nine attempts on 30 November (with it: 222-484), so the bar is 50:
  // each attempt is a clear miss without the spin, and a busy machine must miss it three times.
  it('writes every event at or after its target, and 50 of 600 within 0.25 ms, which timers alone miss', {
    retry: 2,
  }, async (context) => {
    const sim = await startSimulator({
      prefillBaseMs: 2,
      prefillPerTokenMs: 0,
      decodeBaseMs: 4,
      decodePerActiveMs: 0.1,
    });
    try {
      await lateness(sim, 2, 20); // warm up the JIT
      const lateMs = await lateness(sim, 4, 150);
      const p50 = quantile(lateMs, 0.5);
      const p99 = quantile(lateMs, 0.99);
      const max = lateMs.at(-1) as number;
      const precise = lateMs.filter((ms) => ms < 0.25).length;
      await context.annotate(
        `write time - target over ${lateMs.length} events: ${precise} within 0.25 ms, ` +
          `p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${max.toFixed(3)} ms`,
      );
      expect(lateMs).toHaveLength(600);
      expect(lateMs[0]).toBeGreaterThanOrEqual(0); // never early: exact
      // The precise timer's last-ms spin is what lands writes within 0.25 ms: measured 122-281
      // of 600 on the shared machine, 52-238 beside two busy loops, and with the spin off
      // (LEAD_MS and POLL_BELOW_MS 0 in precise-timer.ts) 2-38, and 2-5 beside the loops.
      // Medians and p99s are left unbounded: a busy machine moves them (p99 up to 176 ms
      // seen) far more than the spin does.
      expect(precise).toBeGreaterThanOrEqual(50);
    } finally {
      await sim.close();
    }
  });

  it('spaces steps by the decode interval: base + per active x active sequences', async () => {
    const sim = await startSimulator({
      prefillBaseMs: 2,
      prefillPerTokenMs: 0,
      decodeBaseMs: 4,
      decodePerActiveMs: 0.5,
    });
    try {
      const ids = await Promise.all(
        [1, 2].map(() => drain(sim.url, { messages: HELLO, stream: true, max_tokens: 50 })),
      );
      const targets = sim.truth.get(ids[0] as string)?.eventTargetMs ?? [];
      const gaps = targets.slice(1).map((t, i) => t - (targets[i] as number));
      const onGrid = gaps.filter((gap) => Math.abs(gap - 5) < 1e-6).length;
      // Both streams run together: 4 + 0.5 x 2 = 5 ms. A late step rebases its gap, so a busy
      // machine takes gaps off the grid (26 of 49 seen beside two busy loops) but never makes
      // one shorter; a wrong interval would put none on it. The one exception: when the
      // second request reaches the simulator a step or more after the first (a loaded
      // machine, seen in CI), the first stream's opening steps run alone, 4 + 0.5 x 1 = 4.5 ms.
      const together = gaps.findIndex((gap) => gap >= 5 - 1e-6);
      const opening = gaps.slice(0, together === -1 ? gaps.length : together);
      expect(opening.every((gap) => Math.abs(gap - 4.5) < 1e-6)).toBe(true);
      expect(opening.length).toBeLessThan(gaps.length / 2);
      expect(Math.min(...gaps.slice(opening.length))).toBeGreaterThanOrEqual(5 - 1e-6);
      expect(onGrid).toBeGreaterThanOrEqual(gaps.length * 0.25);
    } finally {
      await sim.close();
    }
  });
});
