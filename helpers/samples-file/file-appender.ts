import { closeSync, fsyncSync, openSync, writev, writevSync } from 'node:fs';

/**
 * A file written from its start, append after append, each at the offset reserved for it when
 * it was asked for. `append` writes on the spot; `appendInBackground` writes on libuv's thread
 * pool, so the event loop (arrival starts, chunk stamps) does not wait for the disk: a write of
 * 20-40 KB usually takes 0.05-0.1 ms here, but one in twenty took 1.6-4.5 ms (the file system
 * busy with write-back).
 *
 * Background appends go out one at a time, in order: the file always holds a prefix of what was
 * asked, so a process killed hard leaves whole appends up to some point (and at most one torn).
 * An `append` may run while background ones are pending: its offset is past theirs. A failed
 * background append is thrown by every later call to either append method, and the appends
 * queued after it are dropped: the file is no longer whole past that point. Await `settled()` before
 * `close()`.
 */
export class FileAppender {
  private readonly fd: number;
  private reservedBytes = 0;
  private readonly queue: { chunks: Uint8Array[]; at: number }[] = [];
  private inFlight: Promise<void> | null = null;
  private failure: Error | null = null;
  private closed = false;

  /** Creates (or truncates) `path`. */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Bytes asked for so far (written or still pending). */
  get bytesAppended(): number {
    return this.reservedBytes;
  }

  /** Writes `chunks` now (one `writev`) after everything asked for before. */
  append(chunks: readonly Uint8Array[]): void {
    const at = this.reserve(chunks);
    if (at === null) return;
    const total = this.reservedBytes - at;
    const written = writevSync(this.fd, chunks as Uint8Array[], at);
    if (written !== total) throw new Error(`${this.path}: wrote ${written} of ${total} bytes`);
  }

  /** Writes `chunks` off the event loop, after everything asked for before. */
  appendInBackground(chunks: readonly Uint8Array[]): void {
    const at = this.reserve(chunks);
    if (at === null) return;
    this.queue.push({ chunks: [...chunks], at });
    this.inFlight ??= this.drain();
  }

  /** Resolves once no background append is pending (it never rejects). */
  async settled(): Promise<void> {
    while (this.inFlight !== null) await this.inFlight;
  }

  /** `fsync`s and closes the file; safe to call twice. Throws while background appends pend. */
  close(): void {
    if (this.closed) return;
    if (this.inFlight !== null) {
      throw new Error(`${this.path}: close() while appends are pending; await settled() first`);
    }
    this.closed = true;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
  }

  /** Offset of this append, or null when it is empty; throws an earlier background failure. */
  private reserve(chunks: readonly Uint8Array[]): number | null {
    if (this.closed) throw new Error(`${this.path}: append after close()`);
    const failure = this.failure;
    if (failure !== null) throw failure;
    let total = 0;
    for (const chunk of chunks) total += chunk.length;
    if (total === 0) return null;
    const at = this.reservedBytes;
    this.reservedBytes += total;
    return at;
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
        const { chunks, at } = next;
        let total = 0;
        for (const chunk of chunks) total += chunk.length;
        const written = await writevAt(this.fd, chunks, at);
        if (written !== total) throw new Error(`${this.path}: wrote ${written} of ${total} bytes`);
      }
    } catch (error) {
      this.queue.length = 0;
      this.failure = error as Error;
    } finally {
      this.inFlight = null;
    }
  }
}

function writevAt(fd: number, chunks: Uint8Array[], at: number): Promise<number> {
  return new Promise((resolve, reject) => {
    writev(fd, chunks, at, (error, written) => {
      if (error) reject(error);
      else resolve(written);
    });
  });
}
