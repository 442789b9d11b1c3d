import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planArrivals } from '../load/plan-arrivals.js';
import { MetricStore } from '../metrics/metric-store.js';
import { readSamplesFile } from '../samples-file/read-samples-file.js';
import { startSimulator } from '../simulator/simulator.js';
import { checkSla } from '../sla/check-sla.js';
import { runLoadSpecs } from '../testing/run-load-spec-files.js';
import { PARTS_DIR_NAME, samplesFileName } from './scenario-part.js';

// Two shards and their merge, end to end: real spec files in child Vitest runs against one
// simulator on loopback, as `SHARD=1/2` and `SHARD=2/2` on two machines would run.
const SPEC = 'specs/stream/short.spec.ts';
/** Time the children get to start Vitest before START_AT (more than a busy machine needs). */
const START_LEAD_MS = 15_000;
const CHILD_TIMEOUT_MS = 90_000;

/** 1 s ramp to 10/s, 3 s hold, 1 s ramp down, Poisson: about 40 arrivals. */
const RUN: Readonly<Record<string, string>> = {
  STREAM_RPS: '10',
  START_RATE: '0',
  RAMP_UP: '1s',
  HOLD: '3s',
  RAMP_DOWN: '1s',
  GRACEFUL_STOP: '20s',
  ARRIVALS: 'poisson',
  SEED: '7',
  MAX_VUS: '100',
  MIN_SAMPLES: '5',
  SLA_FAILED_RATE: '0.02',
  SLA_STREAM_SHORT_TTFT_P95_MS: '1000',
  SLA_MAX_DROPPED: '0',
};
const SCOPE = 'scenario:chat_stream,prompt:short';

const root = mkdtempSync(join(tmpdir(), 'shards-e2e-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Scheduled start of every request of a shard, epoch ms: its start time minus its lag. */
function scheduledEpochMs(store: MetricStore): number[] {
  const lags = store.select({ metric: 'schedule_lag_ms', tags: {} }, { withTimes: true });
  const times = lags.timesEpochMs as Float64Array;
  return [...lags.values].map((lagMs, i) => (times[i] as number) - lagMs).sort((a, b) => a - b);
}

describe('two shards with a common START_AT, then MERGE_FROM', () => {
  it(
    'start exactly the arrivals of one process, and the merge judges them as one run',
    async () => {
      const simulator = await startSimulator({ host: '127.0.0.1', port: 0, seed: 1 });
      try {
        const startAtEpochMs = Date.now() + START_LEAD_MS;
        const env = { ...RUN, BASE: simulator.url, START_AT: String(startAtEpochMs) };
        const shards = await Promise.all(
          [1, 2].map((index) =>
            runLoadSpecs({
              specs: [SPEC],
              resultsDir: join(root, `shard-${index}`),
              env: { ...env, SHARD: `${index}/2` },
              timeoutMs: CHILD_TIMEOUT_MS,
            }),
          ),
        );
        for (const shard of shards) {
          expect(shard.exitCode, shard.output).toBe(0);
          // The SLA tests are skipped in a shard, with the reason.
          expect(shard.cases.map((c) => c.status)).toEqual(Array(4).fill('skipped'));
          // Its own reports are written as usual, config included (START_AT has passed by then).
          const own = JSON.parse(readFileSync(join(shard.resultsDir, 'summary.json'), 'utf8'));
          expect(own.suite.config?.shards.shard).toEqual({
            index: shards.indexOf(shard) + 1,
            count: 2,
          });
          expect(own.suite.scenarios[0].shard.count).toBe(2);
          expect(shard.output).toContain(
            `chat_stream/short: shard ${shards.indexOf(shard) + 1}/2: SLAs judged over all shards by the merge`,
          );
        }

        // The shards' arrivals: arrivals 1, 3, 5, ... and 2, 4, 6, ... of the one plan, each at
        // START_AT + its offset (shifted only by how late the shard's clock woke).
        const plan = planArrivals(
          {
            startRatePerSec: 0,
            stages: [1000, 3000, 1000].map((d, i) => ({
              durationMs: d,
              targetRatePerSec: i === 2 ? 0 : 10,
            })),
          },
          { kind: 'poisson', seed: 7 },
        );
        const full = [...plan.offsetsMs];
        expect(full.length).toBeGreaterThan(20);
        const union = new MetricStore();
        for (const [i, shard] of shards.entries()) {
          const path = join(
            shard.resultsDir,
            PARTS_DIR_NAME,
            samplesFileName('chat_stream', 'short'),
          );
          const store = new MetricStore();
          expect(readSamplesFile(path, store).problems).toEqual([]);
          readSamplesFile(path, union);
          const expected = full.filter((_, k) => k % 2 === i).map((ms) => startAtEpochMs + ms);
          const got = scheduledEpochMs(store);
          expect(got).toHaveLength(expected.length);
          // Scheduled at START_AT + offset exactly; what remains is the few µs from the
          // runner's call to the request's own start stamp (rarely ms, when a GC pause falls there).
          const residualsMs = got.map((ms, k) => ms - (expected[k] as number));
          expect(Math.min(...residualsMs)).toBeGreaterThan(-0.5);
          expect(Math.max(...residualsMs)).toBeLessThan(50);
          expect(residualsMs.sort((a, b) => a - b)[residualsMs.length >> 1]).toBeLessThan(1);
        }

        const merged = await runLoadSpecs({
          specs: [SPEC],
          resultsDir: join(root, 'merged'),
          env: { ...RUN, MERGE_FROM: join(root, 'shard-*') },
          timeoutMs: CHILD_TIMEOUT_MS,
        });
        expect(merged.exitCode, merged.output).toBe(0);
        // The same verdicts as judging one store that holds both shards' samples.
        const judged = [
          [`http_req_failed{${SCOPE}}`, 'rate<0.02'],
          [`llm_ttft_ms{${SCOPE},status:200}`, 'p(95)<1000'],
          [`dropped_iterations{${SCOPE}}`, 'count<=0'],
        ].map(([selector, threshold]) =>
          checkSla(union, selector as string, threshold as string, { minSamples: 5 }).status ===
          'pass'
            ? 'passed'
            : 'failed',
        );
        expect(merged.cases.map((c) => c.status)).toEqual([...judged, 'skipped']);
        const summary = JSON.parse(readFileSync(join(root, 'merged', 'summary.json'), 'utf8'));
        const scenario = summary.suite.scenarios[0];
        expect(scenario.requests).toBe(full.length);
        expect(scenario.arrivals.scheduled).toBe(full.length);
        expect(scenario.merge.shards.map((s: { index: number }) => s.index)).toEqual([1, 2]);
        expect(scenario.merge.missing).toEqual([]);
        // The run's span is the shards' (START_AT to their end: 5 s of plan and the last
        // answers), not the few seconds of the merge: k6 counter rates divide by it.
        expect(summary.suite.startedAt).toBe(new Date(startAtEpochMs).toISOString());
        expect(summary.suite.testRunDurationMs).toBeGreaterThan(5000);
        expect(summary.suite.testRunDurationMs).toBeLessThan(30_000);
      } finally {
        await simulator.close();
      }
    },
    3 * CHILD_TIMEOUT_MS,
  );
});
