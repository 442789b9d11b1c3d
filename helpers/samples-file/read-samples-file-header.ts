import { closeSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import {
  MAX_RECORD_PAYLOAD_BYTES,
  RECORD_HEADER_BYTES,
  RECORD_TYPE,
  SAMPLES_FILE_MAGIC,
  type SamplesFileHeader,
} from './samples-file-format.js';

/**
 * The header record of a samples file alone (what it describes), without reading its samples:
 * a merge checks every shard's header before it reads any point. Throws, naming the file, when
 * the file does not start with a whole header record.
 */
export function readSamplesFileHeader(path: string): SamplesFileHeader {
  const fd = openSync(path, 'r');
  try {
    const start = Buffer.alloc(SAMPLES_FILE_MAGIC.length + RECORD_HEADER_BYTES);
    const got = readSync(fd, start, 0, start.length, 0);
    if (got < SAMPLES_FILE_MAGIC.length || !start.subarray(0, 8).equals(SAMPLES_FILE_MAGIC)) {
      throw new Error(`${path}: not a samples file (its first bytes are not LLMSMPL1)`);
    }
    const head = start.subarray(SAMPLES_FILE_MAGIC.length);
    const length = got === start.length ? head.readUInt32LE(4) : -1;
    if (
      head.readUInt8(0) !== RECORD_TYPE.header ||
      length < 0 ||
      length > MAX_RECORD_PAYLOAD_BYTES
    ) {
      throw new Error(`${path}: its first record is not a whole header record`);
    }
    const payload = Buffer.alloc(length);
    const read = readSync(fd, payload, 0, length, start.length);
    if (read !== length || crc32(payload) !== head.readUInt32LE(8)) {
      throw new Error(`${path}: its header record is cut short or fails its CRC`);
    }
    const header = JSON.parse(payload.toString('utf8')) as SamplesFileHeader;
    if (header.format !== 'llm-perf-samples' || header.version !== 1) {
      throw new Error(
        `${path}: header says ${String(header.format)} version ${String(header.version)}; expected llm-perf-samples version 1`,
      );
    }
    return header;
  } finally {
    closeSync(fd);
  }
}
