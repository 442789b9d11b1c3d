const LF = 0x0a;
const BLANK_LINE = Buffer.from('\n\n');

/**
 * Counts SSE event separators (`\n\n`) over a byte stream cut at arbitrary points, the
 * least work a client can do per event: what the bare undici loop does instead of parsing.
 */
export class SeparatorCounter {
  /** Separators seen so far. */
  separators = 0;
  /** Bytes seen so far. */
  bytes = 0;
  /** The last chunk ended with a `\n` that is not the end of a counted separator. */
  private pendingLf = false;

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (chunk.length === 0) return;
    let from = 0;
    if (this.pendingLf && chunk[0] === LF) {
      this.separators++;
      from = 1;
    }
    for (
      let at = chunk.indexOf(BLANK_LINE, from);
      at !== -1;
      at = chunk.indexOf(BLANK_LINE, at + 2)
    ) {
      this.separators++;
      from = at + 2;
    }
    this.pendingLf = chunk.length > from && chunk[chunk.length - 1] === LF;
  }
}
