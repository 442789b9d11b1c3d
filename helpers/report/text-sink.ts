import { closeSync, openSync, writeSync } from 'node:fs';

/** Where a streaming writer puts its text. */
export interface TextSink {
  /** Appends text. */
  write(text: string): void;
}

/** Default of `FileTextSink`'s buffer: bytes (roughly: UTF-16 units) held before a write. */
const FLUSH_AT_CHARS = 64 * 1024;

/**
 * Appends text to a file in chunks of about 64 KB with synchronous writes, so a large output
 * never sits in memory whole and the writer also works inside a signal handler.
 */
export class FileTextSink implements TextSink {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  /** Characters written so far. */
  charsWritten = 0;

  /** Creates (or truncates) `path`. */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    this.charsWritten += text.length;
    if (this.pendingChars >= FLUSH_AT_CHARS) this.flush();
  }

  /** Writes what is buffered. */
  flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    // writeSync may write less than asked (pipes, full disks); loop until all is out.
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** A sink that keeps everything in memory (tests). */
export class MemoryTextSink implements TextSink {
  private readonly chunks: string[] = [];

  write(text: string): void {
    this.chunks.push(text);
  }

  /** Everything written, as one string. */
  text(): string {
    return this.chunks.join('');
  }
}
