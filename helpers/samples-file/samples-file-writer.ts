import { crc32 } from 'node:zlib';
import { LogHistogram } from '../metrics/log-histogram.js';
import type { MetricStore, StoredSeries } from '../metrics/metric-store.js';
import { FileAppender } from './file-appender.js';
import {
  HISTOGRAM_BUCKET_BYTES,
  HISTOGRAM_PREFIX_BYTES,
  LITTLE_ENDIAN,
  POINTS_PREFIX_BYTES,
  RECORD_HEADER_BYTES,
  RECORD_TYPE,
  SAMPLES_FILE_MAGIC,
  type SamplesFileEnd,
  type SamplesFileHeader,
  type SeriesStorage,
} from './samples-file-format.js';

/** Options of `SamplesFileWriter.create`. */
export interface SamplesFileWriterOptions {
  /** Most points per points record (tests lower it); default 32 768 (512 KiB of payload). */
  maxPointsPerRecord?: number;
}

/** Default of `SamplesFileWriterOptions.maxPointsPerRecord`. */
export const DEFAULT_MAX_POINTS_PER_RECORD = 32_768;

interface WrittenSeries {
  readonly id: number;
  /** Exact series: points already in the file. */
  flushedLength: number;
  /** Histogram series: what the file holds of it so far. */
  readonly flushed: LogHistogram | null;
}

/**
 * Appends a `MetricStore`'s new points to a samples file at each `flush`: new tag sets and
 * series, the exact series' points since the last flush (as float64 bytes), the histograms'
 * bucket changes. Nothing runs per point: the store records as before and the writer reads
 * what it gained, so call `flush` from a timer (about once a second). `flush` writes on the
 * spot (it also works from a signal handler), `flushInBackground` off the event loop (see
 * `FileAppender`); either way one `writev` per call, and a hard kill loses at most what came
 * after the last flush that reached the disk.
 */
export class SamplesFileWriter {
  private readonly file: FileAppender;
  private readonly maxPoints: number;
  private store: MetricStore | null = null;
  private tagSetsWritten = 0;
  private readonly series = new Map<string, WrittenSeries>();
  private ended = false;

  private constructor(
    readonly path: string,
    options: SamplesFileWriterOptions,
  ) {
    if (!LITTLE_ENDIAN) throw new Error('samples files need a little-endian platform');
    this.maxPoints = options.maxPointsPerRecord ?? DEFAULT_MAX_POINTS_PER_RECORD;
    if (!(Number.isInteger(this.maxPoints) && this.maxPoints >= 1)) {
      throw new RangeError(
        `maxPointsPerRecord ${this.maxPoints} must be an integer >= 1 (default ${DEFAULT_MAX_POINTS_PER_RECORD})`,
      );
    }
    this.file = new FileAppender(path);
  }

  /** Bytes written so far (or, after `flushInBackground`, still on their way). */
  get bytesWritten(): number {
    return this.file.bytesAppended;
  }

  /** Creates (or truncates) `path` and writes the magic and the header record. */
  static create(
    path: string,
    description: Record<string, unknown>,
    options: SamplesFileWriterOptions = {},
  ): SamplesFileWriter {
    const writer = new SamplesFileWriter(path, options);
    const header: SamplesFileHeader = {
      format: 'llm-perf-samples',
      version: 1,
      createdEpochMs: Date.now(),
      description,
    };
    writer.file.append([SAMPLES_FILE_MAGIC, jsonRecord(RECORD_TYPE.header, header)]);
    return writer;
  }

  /** Appends what `store` gained since the last flush; returns the bytes written. */
  flush(store: MetricStore): number {
    return this.append(this.encode(store), false);
  }

  /**
   * Like `flush`, but the write goes to libuv's thread pool: the event loop only encodes.
   * Await `settled()` before `close()`.
   */
  flushInBackground(store: MetricStore): number {
    return this.append(this.encode(store), true);
  }

  /** Resolves once no background flush is on its way. */
  settled(): Promise<void> {
    return this.file.settled();
  }

  /** The records of what `store` gained since the last flush. */
  private encode(store: MetricStore): Uint8Array[] {
    if (this.ended) throw new Error(`${this.path}: flush after end()`);
    if (this.store === null) this.store = store;
    if (this.store !== store) throw new Error(`${this.path}: a writer follows one MetricStore`);
    const records: Uint8Array[] = [];
    const tagSets = store.tagSets();
    for (; this.tagSetsWritten < tagSets.length; this.tagSetsWritten += 1) {
      const tagSet = tagSets[this.tagSetsWritten];
      if (tagSet === undefined) continue;
      records.push(jsonRecord(RECORD_TYPE.tagSet, { id: tagSet.id, tags: tagSet.tags }));
    }
    for (const s of store.storedSeries()) this.flushSeries(s, records);
    return records;
  }

  /** Flushes `store` and writes the end record; the file is complete after this. */
  end(store: MetricStore, state: string): void {
    const records = this.encode(store);
    const end: SamplesFileEnd = { state, endedEpochMs: Date.now() };
    records.push(jsonRecord(RECORD_TYPE.end, end));
    this.append(records, false);
    this.ended = true;
  }

  /** Closes the file (after `fsync`); safe to call twice. Await `settled()` first. */
  close(): void {
    this.file.close();
  }

  /** Appends `records` (one `writev`), on the spot or in the background; returns their bytes. */
  private append(records: Uint8Array[], inBackground: boolean): number {
    const before = this.bytesWritten;
    if (inBackground) this.file.appendInBackground(records);
    else this.file.append(records);
    return this.bytesWritten - before;
  }

  /** Adds to `records` the series' new points or bucket changes (and its record, when new). */
  private flushSeries(s: StoredSeries, records: Uint8Array[]): void {
    const key = `${s.metric}\u0000${s.tagSet.id}`;
    let written = this.series.get(key);
    if (written === undefined) {
      const storage: SeriesStorage = s.histogram === null ? 'exact' : 'histogram';
      written = {
        id: this.series.size,
        flushedLength: 0,
        flushed: s.histogram === null ? null : new LogHistogram(),
      };
      this.series.set(key, written);
      records.push(
        jsonRecord(RECORD_TYPE.series, {
          id: written.id,
          metric: s.metric,
          tagSet: s.tagSet.id,
          storage,
        }),
      );
    }
    if (s.histogram !== null && written.flushed !== null) {
      if (s.histogram.count !== written.flushed.count) {
        records.push(histogramRecord(written.id, s.histogram, written.flushed));
      }
      return;
    }
    while (written.flushedLength < s.values.length) {
      const from = written.flushedLength;
      const to = Math.min(s.values.length, from + this.maxPoints);
      records.push(
        pointsRecord(written.id, s.values.subarray(from, to), s.timesEpochMs.subarray(from, to)),
      );
      written.flushedLength = to;
    }
  }
}

function frame(type: number, payload: Uint8Array, into?: Uint8Array): Uint8Array {
  const out = into ?? new Uint8Array(RECORD_HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer, out.byteOffset, RECORD_HEADER_BYTES);
  view.setUint8(0, type);
  view.setUint32(4, payload.length, true);
  view.setUint32(8, crc32(payload), true);
  if (into === undefined) out.set(payload, RECORD_HEADER_BYTES);
  return out;
}

function jsonRecord(type: number, data: unknown): Uint8Array {
  return frame(type, Buffer.from(JSON.stringify(data), 'utf8'));
}

function pointsRecord(seriesId: number, values: Float64Array, times: Float64Array): Uint8Array {
  const count = values.length;
  const payloadBytes = POINTS_PREFIX_BYTES + count * 16;
  const out = new Uint8Array(new ArrayBuffer(RECORD_HEADER_BYTES + payloadBytes));
  const payload = out.subarray(RECORD_HEADER_BYTES);
  const prefix = new DataView(out.buffer, RECORD_HEADER_BYTES, POINTS_PREFIX_BYTES);
  prefix.setUint32(0, seriesId, true);
  prefix.setUint32(4, count, true);
  // 16 + 8 bytes in: aligned for float64, and the platform is little-endian like the file.
  const floats = new Float64Array(out.buffer, RECORD_HEADER_BYTES + POINTS_PREFIX_BYTES, count * 2);
  floats.set(values, 0);
  floats.set(times, count);
  return frame(RECORD_TYPE.points, payload, out);
}

function histogramRecord(seriesId: number, now: LogHistogram, flushed: LogHistogram): Uint8Array {
  const indices: number[] = [];
  const counts: number[] = [];
  now.forEachBucketDelta(flushed, (index, count) => {
    indices.push(index);
    counts.push(count);
  });
  for (let i = 0; i < indices.length; i += 1) {
    flushed.addBucketCount(indices[i] as number, counts[i] as number);
  }
  const totals = now.summary;
  flushed.setTotals(totals);
  const payloadBytes = HISTOGRAM_PREFIX_BYTES + indices.length * HISTOGRAM_BUCKET_BYTES;
  const out = new Uint8Array(RECORD_HEADER_BYTES + payloadBytes);
  const view = new DataView(out.buffer, RECORD_HEADER_BYTES, payloadBytes);
  view.setUint32(0, seriesId, true);
  view.setUint32(4, indices.length, true);
  const fields = [
    totals.count,
    totals.zeroCount,
    totals.sum,
    totals.sumCompensation,
    totals.min,
    totals.max,
  ];
  fields.forEach((value, i) => {
    view.setFloat64(8 + i * 8, value, true);
  });
  for (let i = 0; i < indices.length; i += 1) {
    const at = HISTOGRAM_PREFIX_BYTES + i * HISTOGRAM_BUCKET_BYTES;
    view.setUint32(at, indices[i] as number, true);
    view.setFloat64(at + 4, counts[i] as number, true);
  }
  return frame(RECORD_TYPE.histogram, out.subarray(RECORD_HEADER_BYTES), out);
}
