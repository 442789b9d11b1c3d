/**
 * The byte loop of DeltaTemplate.matchEvent in WebAssembly: a token event's plain text, then
 * whether the bytes after it are the learned tail + the next event's head. V8 compares two
 * strings one character at a time (~0.4 ns per character here, ~70 ns for the ~175 bytes
 * between two tokens of a typical server); this loop compares eight bytes at a time: a
 * token event costs ~30 ns of this module (profiled), call included. Only ASCII chunks come
 * here, where a byte's offset in the chunk is its character's index in the chunk's latin1 text.
 *
 * The module is `token-event-scan.wat`, compiled with wat2wasm (wabt); the test rebuilds it
 * and checks that it matches the bytes below.
 */
export const TOKEN_EVENT_SCAN_WASM =
  'AGFzbQEAAAABGQNgA39/fwF/YAR/f39/AX9gBX9/f39/AX8DBAMAAQIFAwEAAgceBAZtZW1vcnkCAARzYW1lAAAEc2NhbgABA3J1bgACCqICA2wAAkADQCACQQhJDQEgACkDACABKQMAUgRAQQAPCyAAQQhqIQAgAUEIaiEBIAJBCGshAgwACwsCQANAIAJFDQEgAC0AACABLQAARwRAQQAPCyAAQQFqIQAgAUEBaiEBIAJBAWshAgwACwtBAQtmAQJ/IAAhBAJAA0AgBCABTwRAQX8PCyAELQAAIQUgBUEiRg0BIAVB3ABGIAVBIElyBEBBfw8LIARBAWohBAwACwsgBCADaiABSwRAQX4gBGsPCyAEIAIgAxAABEAgBA8LQX4gBGsLTAEDfwJAA0AgACABIAIgAxABIQUgBUEASA0BIAZBAWohBiAFIABHBEAgB0EBaiEHCyAFIANqIQAMAAsLIAQgBjYCACAEIAc2AgQgAAs=';

/** Where `run` stores its two counts in the module's memory. */
const RESULT_AT = 0;
/** Where the joint (tail + head) lies in the module's memory, and its room. */
const JOINT_AT = 8;
const MAX_JOINT_BYTES = 4088;
/** Where a loaded chunk starts in the module's memory. */
const TEXT_AT = JOINT_AT + MAX_JOINT_BYTES;
/** Chunks above this are left to the string path (socket reads are 64 KiB). */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;
const PAGE_BYTES = 65536;

interface ScanExports {
  memory: WebAssembly.Memory;
  scan(start: number, limit: number, joint: number, length: number): number;
  run(start: number, limit: number, joint: number, length: number, result: number): number;
  same(a: number, b: number, length: number): number;
}

/**
 * One instance serves every stream of the process: the meter feeds a chunk synchronously, so
 * a template loads its chunk and joint, scans it, and the next template to scan loads its own
 * (`loadedBy` tells which template's bytes are in memory).
 */
export class TokenEventScanner {
  /** After `scan` found a token: whether the joint follows it. */
  jointFollows = false;
  /** After `run`: the tokens it read, and how many of them were not empty. */
  runEvents = 0;
  runOutputs = 0;
  /** The template whose joint and chunk are in memory. */
  loadedBy: object | null = null;
  private bytes: Uint8Array;
  private counts: Int32Array;

  constructor(private readonly exports: ScanExports) {
    this.bytes = new Uint8Array(exports.memory.buffer);
    this.counts = new Int32Array(exports.memory.buffer, RESULT_AT, 2);
  }

  /** Copies `joint` and `chunk` into memory for `owner`; false when they do not fit. */
  load(owner: object, joint: Uint8Array, chunk: Uint8Array): boolean {
    this.loadedBy = null;
    if (joint.length > MAX_JOINT_BYTES || chunk.length > MAX_TEXT_BYTES) return false;
    const needed = TEXT_AT + chunk.length;
    if (needed > this.bytes.length) {
      this.exports.memory.grow(Math.ceil((needed - this.bytes.length) / PAGE_BYTES));
      this.bytes = new Uint8Array(this.exports.memory.buffer);
      this.counts = new Int32Array(this.exports.memory.buffer, RESULT_AT, 2);
    }
    this.bytes.set(joint, JOINT_AT);
    this.bytes.set(chunk, TEXT_AT);
    this.loadedBy = owner;
    return true;
  }

  /**
   * In the loaded chunk, from `start`: the index of the quote that ends a plain token (no
   * quote, backslash or control byte) before `limit`, and in `jointFollows` whether the
   * first `jointLength` bytes of the loaded joint follow from there; -1 when no plain token
   * ends before `limit`.
   */
  scan(start: number, limit: number, jointLength: number): number {
    const found = this.exports.scan(TEXT_AT + start, TEXT_AT + limit, JOINT_AT, jointLength);
    if (found === -1) return -1;
    this.jointFollows = found >= 0;
    return (found >= 0 ? found : -2 - found) - TEXT_AT;
  }

  /** Whether the `length` bytes of the loaded chunk at `start` equal the loaded joint's from `from`. */
  sameAsJoint(start: number, from: number, length: number): boolean {
    return this.exports.same(TEXT_AT + start, JOINT_AT + from, length) === 1;
  }

  /**
   * `scan` from `start`, then from just past the joint, while each plain token is followed by
   * the joint: a run of token events whose heads the joints hold. Returns where the token of
   * the first event it did not read starts; `runEvents` and `runOutputs` count those it read
   * and the non-empty ones among them.
   */
  run(start: number, limit: number, jointLength: number): number {
    const next = this.exports.run(
      TEXT_AT + start,
      TEXT_AT + limit,
      JOINT_AT,
      jointLength,
      RESULT_AT,
    );
    this.runEvents = this.counts[0] as number;
    this.runOutputs = this.counts[1] as number;
    return next - TEXT_AT;
  }
}

let shared: TokenEventScanner | null | undefined;

/** The process's scanner, made at the first call; null where WebAssembly is not available. */
export function sharedTokenEventScanner(): TokenEventScanner | null {
  if (shared === undefined) {
    try {
      const module = new WebAssembly.Module(Buffer.from(TOKEN_EVENT_SCAN_WASM, 'base64'));
      const instance = new WebAssembly.Instance(module);
      shared = new TokenEventScanner(instance.exports as unknown as ScanExports);
    } catch {
      shared = null;
    }
  }
  return shared;
}
