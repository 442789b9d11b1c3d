import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricStore } from '../metrics/metric-store.js';
import { checkSla } from '../sla/check-sla.js';
import { TimeFormatter, writeSamplesNdjson } from './k6-ndjson.js';
import { FileTextSink, MemoryTextSink } from './text-sink.js';

const T0 = Date.UTC(2026, 10, 28, 7, 4, 32, 617) + 0.123;
const TAGS = { scenario: 'chat_stream', prompt: 'short', status: '200', outcome: 'ok' };

function smallStore(): MetricStore {
  const store = new MetricStore();
  store.record('llm_ttft_ms', TAGS, 812.5, T0);
  store.record('llm_ttft_ms', TAGS, 640, T0 + 1000);
  store.record('http_reqs', TAGS, 1, T0);
  return store;
}

const dir = mkdtempSync(join(tmpdir(), 'report-ndjson-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSamplesNdjson', () => {
  it("writes k6's --out json lines: a Metric declaration, then that metric's Points, each request's with its request_id", () => {
    const sink = new MemoryTextSink();
    const lines = writeSamplesNdjson(smallStore(), sink);
    expect(lines).toBe(5);
    expect(sink.text().split('\n')).toEqual([
      '{"type":"Metric","data":{"name":"llm_ttft_ms","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"llm_ttft_ms"}',
      '{"metric":"llm_ttft_ms","type":"Point","data":{"time":"2026-11-28T07:04:32.617123Z","value":812.5,"tags":{"outcome":"ok","prompt":"short","scenario":"chat_stream","status":"200","request_id":"chat_stream:short:1795849472617123"}}}',
      '{"metric":"llm_ttft_ms","type":"Point","data":{"time":"2026-11-28T07:04:33.617123Z","value":640,"tags":{"outcome":"ok","prompt":"short","scenario":"chat_stream","status":"200","request_id":"chat_stream:short:1795849473617123"}}}',
      '{"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}',
      '{"metric":"http_reqs","type":"Point","data":{"time":"2026-11-28T07:04:32.617123Z","value":1,"tags":{"outcome":"ok","prompt":"short","scenario":"chat_stream","status":"200","request_id":"chat_stream:short:1795849472617123"}}}',
      '',
    ]);
  });

  it('declares the SLA selectors as sub-metrics of their metric', () => {
    const store = smallStore();
    const sink = new MemoryTextSink();
    writeSamplesNdjson(store, sink, {
      slaResults: [
        checkSla(store, 'llm_ttft_ms{scenario:chat_stream,status:200}', 'p(95)<1000', {
          minSamples: 1,
        }),
      ],
    });
    const first = JSON.parse(sink.text().split('\n')[0] as string);
    expect(first.data.submetrics).toEqual([
      {
        name: 'llm_ttft_ms{scenario:chat_stream,status:200}',
        suffix: 'scenario:chat_stream,status:200',
        tags: { scenario: 'chat_stream', status: '200' },
      },
    ]);
  });

  it('writes a JSON object on every line, whatever the tag values hold', () => {
    const store = new MetricStore();
    store.record('llm_total_ms', { ...TAGS, model: 'a"b\\c\n{}' }, 1.5, T0);
    const sink = new MemoryTextSink();
    writeSamplesNdjson(store, sink);
    const points = sink
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(points[1].data.tags.model).toBe('a"b\\c\n{}');
  });

  it('redacts secret values from tags', () => {
    const store = new MetricStore();
    store.record('llm_total_ms', { ...TAGS, model: 'model-sk-test-SECRET' }, 1.5, T0);
    const sink = new MemoryTextSink();
    writeSamplesNdjson(store, sink, { secrets: ['sk-test-SECRET'] });
    expect(sink.text()).not.toContain('sk-test-SECRET');
    expect(sink.text()).toContain('model-[redacted]');
  });

  it('streams to the file in chunks rather than one string', () => {
    const store = new MetricStore();
    const tagSet = store.internTags(TAGS);
    for (let i = 0; i < 20_000; i += 1) store.add('llm_ttft_ms', tagSet, i % 97, T0 + i);
    const sink = new FileTextSink(join(dir, 'samples.ndjson'));
    const writes: number[] = [];
    const original = sink.write.bind(sink);
    sink.write = (text: string) => {
      writes.push(text.length);
      original(text);
    };
    writeSamplesNdjson(store, sink);
    sink.close();
    // One write per line, each small: the whole text is never built in memory.
    expect(writes).toHaveLength(20_001);
    expect(Math.max(...writes)).toBeLessThan(400);
    expect(readFileSync(join(dir, 'samples.ndjson'), 'utf8').split('\n')).toHaveLength(20_002);
  });
});

describe('TimeFormatter', () => {
  it('writes RFC 3339 UTC with microseconds', () => {
    const times = new TimeFormatter();
    expect(times.format(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02T03:04:05.006000Z');
    expect(times.format(Date.UTC(2026, 0, 2, 3, 4, 5, 999) + 0.9996)).toBe(
      '2026-01-02T03:04:06.000000Z',
    );
  });
});
