import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { crc32 } from 'node:zlib';
import { type HistogramTotals, LogHistogram } from '../metrics/log-histogram.js';
import type { MetricStore, TagSet } from '../metrics/metric-store.js';
import {
  HISTOGRAM_BUCKET_BYTES,
  HISTOGRAM_PREFIX_BYTES,
  LITTLE_ENDIAN,
  MAX_RECORD_PAYLOAD_BYTES,
  POINTS_PREFIX_BYTES,
  RECORD_HEADER_BYTES,
  RECORD_TYPE,
  SAMPLES_FILE_MAGIC,
  type SamplesFileEnd,
  type SamplesFileHeader,
  type SeriesStorage,
} from './samples-file-format.js';

/** What `readSamplesFile` found. */
export interface SamplesFileRead {
  /** The header record; null when the file is not a samples file. */
  header: SamplesFileHeader | null;
  /** The end record; null when the worker did not finish writing (killed, or still running). */
  end: SamplesFileEnd | null;
  /** Points added to the store: exact points plus values counted in histograms. */
  points: number;
  /** Records read whole. */
  records: number;
  /** What was wrong (a truncated or corrupt tail, bad records), file name first. */
  problems: string[];
}

/** Starting size of the reused read buffer; it grows to the largest record met (512 KiB by default). */
const READ_CHUNK_BYTES = 64 * 1024;

interface FileSeries {
  readonly metric: string;
  readonly tagSet: TagSet;
  readonly storage: SeriesStorage;
  /** Histogram series: buckets so far (totals set at the end). */
  readonly histogram: LogHistogram | null;
  totals: HistogramTotals | null;
}

class RecordError extends Error {}

/**
 * Reads a samples file record by record into `store` (exact points appended per series,
 * histograms merged at the end), through one reused buffer (as large as the largest record): never the whole file in
 * memory, never one string. A last record cut short (a worker killed mid-write) or failing its
 * CRC is dropped with a problem noted; every record before it is kept.
 */
export function readSamplesFile(path: string, store: MetricStore): SamplesFileRead {
  const name = basename(path);
  const read: SamplesFileRead = { header: null, end: null, points: 0, records: 0, problems: [] };
  if (!LITTLE_ENDIAN) {
    read.problems.push(`${name}: samples files need a little-endian platform`);
    return read;
  }
  const fd = openSync(path, 'r');
  const tagSets = new Map<number, TagSet>();
  const series = new Map<number, FileSeries>();
  let position = 0;
  let buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  const readExactly = (length: number): Buffer | null => {
    if (length > buffer.length) buffer = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buffer, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    position += got;
    return got === length ? buffer.subarray(0, length) : got === 0 ? null : buffer.subarray(0, 0);
  };
  try {
    const magic = readExactly(SAMPLES_FILE_MAGIC.length);
    if (magic === null || !magic.equals(SAMPLES_FILE_MAGIC)) {
      read.problems.push(`${name}: not a samples file (its first bytes are not LLMSMPL1)`);
      return read;
    }
    for (;;) {
      const recordStart = position;
      const head = readExactly(RECORD_HEADER_BYTES);
      if (head === null) break; // clean end of file
      if (head.length === 0) {
        read.problems.push(truncated(name, recordStart, 'its header'));
        break;
      }
      const type = head.readUInt8(0);
      const length = head.readUInt32LE(4);
      const crc = head.readUInt32LE(8);
      if (length > MAX_RECORD_PAYLOAD_BYTES) {
        read.problems.push(
          `${name}: record at byte ${recordStart} claims ${length} bytes (over ${MAX_RECORD_PAYLOAD_BYTES}): corrupt; ignored it and the rest of the file`,
        );
        break;
      }
      const payload = readExactly(length);
      if (length > 0 && (payload === null || payload.length === 0)) {
        read.problems.push(truncated(name, recordStart, `its ${length}-byte payload`));
        break;
      }
      const body = payload ?? Buffer.alloc(0);
      if (crc32(body) !== crc) {
        read.problems.push(
          `${name}: record at byte ${recordStart} fails its CRC (written partly?); ignored it and the rest of the file`,
        );
        break;
      }
      try {
        read.points += applyRecord(type, body, { store, tagSets, series, read });
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        read.problems.push(`${name}: record at byte ${recordStart}: ${error.message}; ignored it`);
        continue;
      }
      read.records += 1;
    }
  } finally {
    closeSync(fd);
  }
  for (const s of series.values()) {
    if (s.histogram === null || s.totals === null) continue;
    s.histogram.setTotals(s.totals);
    if (s.histogram.bucketTotal() !== s.totals.count) {
      read.problems.push(
        `${name}: histogram of ${s.metric} holds ${s.histogram.bucketTotal()} values in its buckets but counts ${s.totals.count}; kept as read`,
      );
    }
    try {
      store.addHistogram(s.metric, s.tagSet, s.histogram);
      read.points += s.totals.count;
    } catch (error) {
      read.problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  return read;
}

interface ReadState {
  store: MetricStore;
  tagSets: Map<number, TagSet>;
  series: Map<number, FileSeries>;
  read: SamplesFileRead;
}

/** Applies one whole record; returns the exact points it added. */
function applyRecord(type: number, body: Buffer, state: ReadState): number {
  const { store, tagSets, series, read } = state;
  switch (type) {
    case RECORD_TYPE.header: {
      const header = parseJson(body) as SamplesFileHeader;
      if (header.format !== 'llm-perf-samples' || header.version !== 1) {
        throw new RecordError(
          `header says ${String(header.format)} version ${String(header.version)}; expected llm-perf-samples version 1`,
        );
      }
      read.header = header;
      return 0;
    }
    case RECORD_TYPE.tagSet: {
      const { id, tags } = parseJson(body) as { id: unknown; tags: unknown };
      if (typeof id !== 'number' || !isStringRecord(tags)) {
        throw new RecordError('tag set record without a numeric id and string tags');
      }
      tagSets.set(id, store.internTags(tags));
      return 0;
    }
    case RECORD_TYPE.series: {
      const data = parseJson(body) as Record<string, unknown>;
      const tagSet = tagSets.get(data.tagSet as number);
      if (typeof data.id !== 'number' || typeof data.metric !== 'string' || !tagSet) {
        throw new RecordError('series record with an unknown tag set or without id and metric');
      }
      const storage: SeriesStorage = data.storage === 'histogram' ? 'histogram' : 'exact';
      series.set(data.id, {
        metric: data.metric,
        tagSet,
        storage,
        histogram: storage === 'histogram' ? new LogHistogram() : null,
        totals: null,
      });
      return 0;
    }
    case RECORD_TYPE.points: {
      if (body.length < POINTS_PREFIX_BYTES) throw new RecordError('points record too short');
      const s = series.get(body.readUInt32LE(0));
      const count = body.readUInt32LE(4);
      if (!s) throw new RecordError('points of an undeclared series');
      if (body.length !== POINTS_PREFIX_BYTES + count * 16) {
        throw new RecordError(`points record of ${body.length} bytes for ${count} points`);
      }
      // Copy out of the reused buffer: a fresh, aligned array the store may keep.
      const floats = new Float64Array(count * 2);
      new Uint8Array(floats.buffer).set(body.subarray(POINTS_PREFIX_BYTES));
      store.addPoints(s.metric, s.tagSet, floats.subarray(0, count), floats.subarray(count));
      return count;
    }
    case RECORD_TYPE.histogram: {
      if (body.length < HISTOGRAM_PREFIX_BYTES) throw new RecordError('histogram record too short');
      const s = series.get(body.readUInt32LE(0));
      const buckets = body.readUInt32LE(4);
      if (!s?.histogram) throw new RecordError('histogram of an undeclared or exact series');
      if (body.length !== HISTOGRAM_PREFIX_BYTES + buckets * HISTOGRAM_BUCKET_BYTES) {
        throw new RecordError(`histogram record of ${body.length} bytes for ${buckets} buckets`);
      }
      const f = (i: number): number => body.readDoubleLE(8 + i * 8);
      s.totals = {
        count: f(0),
        zeroCount: f(1),
        sum: f(2),
        sumCompensation: f(3),
        min: f(4),
        max: f(5),
      };
      for (let i = 0; i < buckets; i += 1) {
        const at = HISTOGRAM_PREFIX_BYTES + i * HISTOGRAM_BUCKET_BYTES;
        try {
          s.histogram.addBucketCount(body.readUInt32LE(at), body.readDoubleLE(at + 4));
        } catch (error) {
          throw new RecordError((error as Error).message);
        }
      }
      return 0;
    }
    case RECORD_TYPE.end:
      read.end = parseJson(body) as SamplesFileEnd;
      return 0;
    default:
      throw new RecordError(`unknown record type ${type}`);
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new RecordError(`not JSON (${(error as Error).message})`);
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

function truncated(name: string, at: number, what: string): string {
  return (
    `${name}: the record at byte ${at} ends before ${what} (the worker stopped mid-write?); ` +
    'dropped it, kept everything before'
  );
}
