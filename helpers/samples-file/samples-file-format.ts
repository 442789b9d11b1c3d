/**
 * The raw-sample file a load worker appends to while it runs and the reporter (and a future
 * shard merge) reads: `RESULTS_DIR/.parts/<scenario>--<prompt>.samples`. Little-endian,
 * append-only, one record after another; see docs/reports.md "The samples file".
 *
 *   file    = MAGIC record*
 *   record  = type:u8 0:u8 0:u16 payloadBytes:u32 crc32(payload):u32 0:u32 payload
 *
 * A record is whole or not there: a worker killed mid-write leaves a last record shorter than
 * its header says (or with a wrong CRC), which the reader drops, keeping every record before.
 */

/** First 8 bytes of every samples file. */
export const SAMPLES_FILE_MAGIC = Buffer.from('LLMSMPL1', 'latin1');

/** Bytes of a record's header; a multiple of 8 so float64 payloads can stay aligned. */
export const RECORD_HEADER_BYTES = 16;

/** Largest payload a reader accepts: bigger means a corrupt length, not a real record. */
export const MAX_RECORD_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Record types. */
export const RECORD_TYPE = {
  /** JSON `SamplesFileHeader`: first record. */
  header: 1,
  /** JSON `{id, tags}`: a tag set later records refer to by id. */
  tagSet: 2,
  /** JSON `{id, metric, tagSet, storage}`: a series (metric x tag set). */
  series: 3,
  /** Binary: series:u32 count:u32 then count float64 values and count float64 times (epoch ms). */
  points: 4,
  /**
   * Binary: series:u32 buckets:u32 then the totals (count, zeroCount, sum, sumCompensation,
   * min, max as float64; they replace the earlier ones) and per bucket index:u32 count:f64
   * (added to the earlier counts): what a `LogHistogram` gained since the last flush.
   */
  histogram: 5,
  /** JSON `SamplesFileEnd`: the worker finished writing. */
  end: 6,
} as const;

/** Bytes before the float64 values of a points record's payload. */
export const POINTS_PREFIX_BYTES = 8;

/** Bytes before the buckets of a histogram record's payload. */
export const HISTOGRAM_PREFIX_BYTES = 8 + 6 * 8;

/** Bytes per bucket in a histogram record. */
export const HISTOGRAM_BUCKET_BYTES = 12;

/** The first record: what the file is and the non-secret description of its scenario. */
export interface SamplesFileHeader {
  format: 'llm-perf-samples';
  version: 1;
  /** When the file was created, epoch ms. */
  createdEpochMs: number;
  /** Non-secret description of the part (scenario, prompt, model, schedule, ...). */
  description: Record<string, unknown>;
}

/** The last record, written when the worker finished: how its run ended. */
export interface SamplesFileEnd {
  /** The part state at the end: `done` or `interrupted`. */
  state: string;
  endedEpochMs: number;
}

/** How a series is stored: every value with its time, or a histogram (no times). */
export type SeriesStorage = 'exact' | 'histogram';

/** The platform's byte order must be the file's: every Node.js platform we run on is. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
