// What merging shards costs at scale (docs/shards.md "Limits"):
//   npx tsx bench/measure-shard-merge.ts [shards=2] [requestsPerShard=500000] [dir=<tmp>]
// writes N synthetic shard samples files, then merges them as MERGE_FROM does and prints the
// time, the point count and the process's memory. The folder is removed at the end.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeSample } from '../helpers/metrics/fake-sample.js';
import { MetricStore } from '../helpers/metrics/metric-store.js';
import { recordSample } from '../helpers/metrics/record-sample.js';
import { SamplesFileWriter } from '../helpers/samples-file/samples-file-writer.js';
import { mergeShards } from '../helpers/scenario/merge-shards.js';
import { PARTS_DIR_NAME, samplesFileName } from '../helpers/scenario/scenario-part.js';
import { checkSla } from '../helpers/sla/check-sla.js';

const shards = Number(process.argv[2] ?? 2);
const perShard = Number(process.argv[3] ?? 500_000);
const root = process.argv[4] ?? mkdtempSync(join(tmpdir(), 'shard-merge-'));
const knobs = { MODEL: 'm' };
const fileName = samplesFileName('chat_stream', 'short');

let fileBytes = 0;
for (let index = 1; index <= shards; index += 1) {
  const dir = join(root, `shard-${index}`, PARTS_DIR_NAME);
  mkdirSync(dir, { recursive: true });
  // One store per shard, dropped after writing: the merge below starts from an empty heap.
  const store = new MetricStore();
  const writer = SamplesFileWriter.create(join(dir, fileName), {
    shard: { index, count: shards },
    runKnobs: knobs,
  });
  for (let i = 0; i < perShard; i += 1) {
    const sample = fakeSample({
      startEpochMs: 1.7e12 + i,
      ttftMs: 100 + ((i * 7919) % 1000),
      totalMs: 500 + (i % 300),
      itlMs: [10, 20, 30],
    });
    recordSample(store, sample, i % 5);
    if (i % 50_000 === 0) writer.flush(store);
  }
  writer.end(store, 'done');
  writer.close();
  fileBytes += statSync(join(dir, fileName)).size;
}

const startMs = performance.now();
const store = new MetricStore();
const outcome = mergeShards({
  dirs: Array.from({ length: shards }, (_, i) => join(root, `shard-${i + 1}`)),
  scenario: 'chat_stream',
  prompt: 'short',
  ownKnobs: knobs,
  allowMissing: false,
  store,
});
const mergedMs = performance.now() - startMs;
checkSla(store, 'llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}', 'p(95)<1000');
const judgedMs = performance.now() - startMs - mergedMs;
const memory = process.memoryUsage();
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
console.log(
  [
    `merged ${outcome.ok ? 'ok' : outcome.message}`,
    `${store.count({ metric: 'http_reqs', tags: {} })} requests from ${shards} shards`,
    `${store.pointCount} points, files ${mb(fileBytes)}`,
    `merge ${mergedMs.toFixed(0)} ms, one exact p95 ${judgedMs.toFixed(0)} ms`,
    `store arrays ${mb(store.arrayBytes)}, rss ${mb(memory.rss)}`,
  ].join('\n'),
);
rmSync(root, { recursive: true, force: true });
