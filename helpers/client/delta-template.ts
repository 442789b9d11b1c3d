import { sharedTokenEventScanner, type TokenEventScanner } from './token-event-scanner.js';

/** Delta fields whose non-empty string value makes an event output-bearing. */
export type OutputTextField = 'content' | 'reasoning_content' | 'reasoning';

const OUTPUT_TEXT_FIELDS: readonly OutputTextField[] = [
  'content',
  'reasoning_content',
  'reasoning',
];
const PROBE = 'zq_probe_7';
const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;

/**
 * The fast path of the SSE hot loop. A stream's token events differ only in one string
 * value (`"delta":{"content":"<token>"}`), so once one event has been fully parsed, the next
 * `data` that is exactly `prefix + plain text + suffix` is known without JSON.parse: it
 * is valid JSON, and parses to the learned object with that one string replaced. "Plain"
 * means no quote, backslash or control character, so no escape can move the boundary.
 * Anything else (other shape, escapes, usage chunk, created rolling over) falls back to
 * JSON.parse, which then may learn a new template. JSON.parse costs ~1 µs per event; this
 * check costs two prefix/suffix compares and a scan of the token.
 */
export class DeltaTemplate {
  /** The field the template's varying string belongs to; null until one is learned. */
  field: OutputTextField | null = null;
  /** After `matchEvent` accepted an event: where its text starts and ends in the SSE text. */
  tokenStart = 0;
  tokenEnd = 0;
  /** After `matchEvent` accepted an event: the index just past its blank line. */
  eventEnd = 0;
  /**
   * After `matchEvent` accepted an event: whether the scanner found the next event's head
   * right after it, so `readRun` can go on from `eventEnd`.
   */
  scannedJoint = false;
  /** After `readRun` or `readByteRun`: the events it read, and how many of them carry text. */
  runEvents = 0;
  runOutputs = 0;
  private prefix = '';
  private suffix = '';
  /** `data: ` + prefix: the template as the start of a raw SSE line; null if it cannot be one. */
  private lineHead: string | null = null;
  /** suffix + the blank line that ends the event. */
  private lineTail = '';
  /** `plain text + lineTail` as a sticky RegExp, shared by templates with the same tail. */
  private tailPattern: RegExp | null = null;
  /** lineTail + lineHead: the text between two tokens in a run of template events. */
  private tailThenHead = '';
  /** Where the last `matchEvent` compared the next event's head already, and in which text. */
  private knownHeadAt = -1;
  private knownHeadText: string | null = null;
  /** tailThenHead as bytes, for the scanner; null when it is not ASCII. */
  private jointBytes: Uint8Array | null = null;
  /** The bytes of the text `matchEvent` reads (see `useChunk`), and which of them are loaded. */
  private chunk: Uint8Array | null = null;
  private loadedChunk: Uint8Array | null = null;
  private readonly scanner: TokenEventScanner | null = sharedTokenEventScanner();

  /**
   * The bytes of the text the next `matchEvent` calls read, when that text is their latin1
   * decoding (an ASCII chunk): runs of token events are then compared in the scanner. null
   * for any other text.
   */
  useChunk(chunk: Uint8Array | null): void {
    this.chunk = chunk;
  }

  /** Puts this template's joint and `chunk` in the scanner's memory unless they are there. */
  private loadInto(scanner: TokenEventScanner, chunk: Uint8Array, joint: Uint8Array): boolean {
    if (scanner.loadedBy === this && this.loadedChunk === chunk) return true;
    this.loadedChunk = scanner.load(this, joint, chunk) ? chunk : null;
    return this.loadedChunk !== null;
  }
  private misses = 0;
  private skipLearning = 0;

  /**
   * Length of the varying text when `data` fits the template (0: an empty delta, which is
   * not output), or -1 when it does not and the caller must JSON.parse it.
   */
  match(data: string): number {
    if (this.field === null) return -1;
    const prefix = this.prefix;
    const suffix = this.suffix;
    const end = data.length - suffix.length;
    // slice + === compares with memcmp; startsWith/endsWith walk char by char (~3x slower
    // here, measured) unless the prefix is a compile-time constant.
    if (
      end < prefix.length ||
      data.slice(0, prefix.length) !== prefix ||
      data.slice(end) !== suffix
    ) {
      this.misses++;
      return -1;
    }
    if (plainEnd(data, prefix.length, end) !== end) {
      this.misses++;
      return -1;
    }
    this.misses = 0;
    return end - prefix.length;
  }

  /**
   * `match` on raw SSE text, before any SSE parsing: whether an event of the learned shape
   * starts at `at` (`data: ` + prefix + plain text + suffix + `\n\n`). Returns the text
   * length (0: an empty delta) and sets `tokenStart`, `tokenEnd` and `eventEnd`, or -1. Such
   * an event is exactly what an SSE parser in a clean state (at an event boundary, no
   * pending field) would deliver as one event whose data `match` accepts: the prefix, the
   * text and the suffix hold no line break, so it is one `data:` line and a blank line.
   * Saves the parser's work per event and the event object on the hot path.
   */
  matchEvent(text: string, at: number): number {
    const head = this.lineHead;
    if (head === null) return -1;
    const tail = this.lineTail;
    const start = at + head.length;
    // The previous match in this same text may have compared this event's head already, with
    // its own tail (`text === ...` is a pointer compare for the one text the caller walks).
    if (at !== this.knownHeadAt || text !== this.knownHeadText) {
      // slice + === compares with memcmp (see match). The head holds the response id, so a
      // RegExp for it would be new per stream, and compiling one costs ~35 us: a burst of
      // first tokens would wait for it.
      if (text.length < start + tail.length || text.slice(at, start) !== head) return -1;
    }
    this.knownHeadText = null;
    let end: number;
    let eventEnd: number;
    let scannedJoint = false;
    const joint = this.tailThenHead;
    const pattern = this.tailPattern;
    if (pattern !== null && text.length < start + joint.length) {
      // No room for another event after this one: one native call for text and tail.
      pattern.lastIndex = start;
      if (!pattern.test(text)) return -1;
      eventEnd = pattern.lastIndex;
      end = eventEnd - tail.length;
    } else {
      const scanner = this.scanner;
      const chunk = this.chunk;
      const jointBytes = this.jointBytes;
      let jointFollows: boolean;
      if (
        scanner !== null &&
        chunk !== null &&
        jointBytes !== null &&
        chunk.length === text.length &&
        this.loadInto(scanner, chunk, jointBytes)
      ) {
        end = scanner.scan(start, text.length, jointBytes.length);
        if (end === -1) return -1;
        jointFollows = scanner.jointFollows;
        scannedJoint = jointFollows;
      } else {
        // The text holds no quote, so the first quote after it opens the suffix.
        end = text.indexOf('"', start);
        if (end === -1) return -1;
        for (let i = start; i < end; i++) {
          const code = text.charCodeAt(i);
          if (code === BACKSLASH || code < SPACE) return -1;
        }
        // In a run of token events the text between two tokens is always tail + head: one
        // compare checks this event's tail and the next one's head.
        const jointEnd = end + joint.length;
        jointFollows = jointEnd <= text.length && text.slice(end, jointEnd) === joint;
      }
      eventEnd = end + tail.length;
      if (jointFollows) {
        this.knownHeadAt = eventEnd;
        this.knownHeadText = text;
      } else if (eventEnd > text.length || text.slice(end, eventEnd) !== tail) {
        return -1;
      }
    }
    this.misses = 0;
    this.tokenStart = start;
    this.tokenEnd = end;
    this.eventEnd = eventEnd;
    this.scannedJoint = scannedJoint;
    return end - start;
  }

  /** Whether `readByteRun` can read: a template whose head and joint are ASCII, and a scanner. */
  get readsBytes(): boolean {
    return this.lineHead !== null && this.jointBytes !== null && this.scanner !== null;
  }

  /**
   * A run of token events read from the bytes of an ASCII chunk, with no text made: the event
   * at `at` must start with the learned head (`data: ` + prefix), and each event read is a
   * plain token followed by the joint (tail + the next event's head). Returns where the first
   * event it did not read starts (`at` when it read none) and sets `runOutputs`. The caller
   * stands at an event boundary of the SSE stream. `readRun` uses it after `matchEvent`; the
   * meter reads a chunk's bytes with `readByteEvents`, which also reads the run's last event.
   */
  readByteRun(chunk: Uint8Array, at: number): number {
    return this.readBytes(chunk, at, false);
  }

  /**
   * `readByteRun`, then the event after the run when it ends the template's way (its plain
   * token, the tail, and so its blank line) though no head follows: the last token event of a
   * read, or the only one (a paced stream reads one event per chunk). Such an event is what
   * an SSE parser at an event boundary would deliver as one event whose data `match`
   * accepts, as for the run's events. Returns where the first event it did not read starts
   * (`at` when it read none) and sets `runEvents` and `runOutputs`. No text is made.
   */
  readByteEvents(chunk: Uint8Array, at: number): number {
    return this.readBytes(chunk, at, true);
  }

  /** `readByteRun`, and with `withLast` the event that ends the run (`readByteEvents`). */
  private readBytes(chunk: Uint8Array, at: number, withLast: boolean): number {
    this.runEvents = 0;
    this.runOutputs = 0;
    const scanner = this.scanner;
    const joint = this.jointBytes;
    const head = this.lineHead;
    if (scanner === null || joint === null || head === null) return at;
    const headLength = head.length;
    const tailLength = this.lineTail.length;
    // Room for a head and a tail, or no event can be read.
    if (at + headLength + tailLength > chunk.length || !this.loadInto(scanner, chunk, joint))
      return at;
    // The head is the joint's end, and the tail its start: the joint is tail + head.
    if (!scanner.sameAsJoint(at, tailLength, headLength)) return at;
    const token = scanner.run(at + headLength, chunk.length, joint.length);
    let events = scanner.runEvents;
    let outputs = scanner.runOutputs;
    let next = token - headLength;
    if (withLast) {
      // A plain token followed by the joint's first `tailLength` bytes: the tail.
      const end = scanner.scan(token, chunk.length, tailLength);
      if (end >= 0 && scanner.jointFollows) {
        events++;
        if (end > token) outputs++;
        next = end + tailLength;
      }
    }
    if (events === 0) return at;
    this.runEvents = events;
    this.runOutputs = outputs;
    this.misses = 0;
    return next;
  }

  /**
   * After a `matchEvent` that set `scannedJoint`, in the same text: `readByteRun` from
   * `eventEnd` on, over that text's bytes. Returns how many events it read; sets `runEvents`
   * and `runOutputs` and moves `eventEnd` past the last of them. The event after them is left
   * to `matchEvent`, its head already compared. Token positions are not kept: a caller that
   * needs the text reads event by event.
   */
  readRun(text: string): number {
    const chunk = this.chunk;
    this.runEvents = 0;
    this.runOutputs = 0;
    if (
      !this.scannedJoint ||
      chunk === null ||
      chunk.length !== text.length ||
      this.knownHeadText !== text ||
      this.knownHeadAt !== this.eventEnd
    ) {
      return 0;
    }
    this.scannedJoint = false;
    const next = this.readByteRun(chunk, this.eventEnd);
    this.eventEnd = next;
    this.knownHeadAt = next;
    return this.runEvents;
  }

  /** Whether `matchEvent` can match at all (a template is learned and fits on one line). */
  get matchesEvents(): boolean {
    return this.lineHead !== null;
  }

  /** The varying text of a `data` that `match` accepted. */
  text(data: string): string {
    return data.slice(this.prefix.length, data.length - this.suffix.length);
  }

  /**
   * Tries to learn a template from a parsed event. Only a single-choice chunk with exactly
   * one non-empty output string, no usage, no error and no tool calls qualifies; the span
   * found is verified by parsing a probe, so a wrong guess is never kept.
   */
  learn(data: string, parsed: Readonly<Record<string, unknown>>): void {
    // A stream whose events never fit (e.g. a per-event timestamp) must not pay for
    // learning on every event: back off while misses pile up.
    if (this.skipLearning > 0) {
      this.skipLearning--;
      return;
    }
    if (this.misses > 2) this.skipLearning = Math.min(256, 2 ** Math.min(this.misses, 8));
    const field = learnableField(parsed);
    if (field === null) return;
    const key = `"${field}":`;
    const keyAt = data.indexOf(key);
    if (keyAt === -1 || data.indexOf(key, keyAt + 1) !== -1) return;
    let start = keyAt + key.length;
    while (data.charCodeAt(start) === SPACE) start++;
    if (data.charCodeAt(start) !== QUOTE) return;
    start++;
    let end = start;
    for (; end < data.length; end++) {
      const code = data.charCodeAt(end);
      if (code === BACKSLASH) end++;
      else if (code === QUOTE) break;
    }
    if (end >= data.length) return;
    const prefix = data.slice(0, start);
    const suffix = data.slice(end);
    if (!probeFitsOnce(prefix, suffix, field)) {
      this.misses++;
      return;
    }
    this.use(prefix, suffix, field);
  }

  /**
   * Before any template is learned: whether `data` has the shape of a template another stream
   * learned (`probeFitsOnce` accepted it), with its own plain id text and a plain token. Then
   * it is that template's JSON but for those two strings, so this learns the template without
   * JSON.parse and returns the token's length (0: an empty delta); else -1, and the caller
   * parses `data`. The first token of every stream but the first skips its JSON.parse so.
   */
  adopt(data: string): number {
    if (this.field !== null) return -1;
    for (const shape of FITTING_SHAPES) {
      const { head, rest, suffix } = shape;
      const end = data.length - suffix.length;
      if (end < head.length + rest.length) continue;
      // slice + === compares with memcmp (see match).
      if (data.slice(0, head.length) !== head) continue;
      const idEnd = plainEnd(data, head.length, end);
      if (idEnd === -1 || data.charCodeAt(idEnd) !== QUOTE) continue;
      const tokenAt = idEnd + rest.length;
      if (tokenAt > end || data.slice(idEnd, tokenAt) !== rest) continue;
      if (data.slice(end) !== suffix || plainEnd(data, tokenAt, end) !== end) continue;
      this.use(data.slice(0, tokenAt), suffix, shape.field);
      return end - tokenAt;
    }
    return -1;
  }

  /** Takes the template `prefix` + plain text + `suffix` of `field` (its probe fits). */
  private use(prefix: string, suffix: string, field: OutputTextField): void {
    this.prefix = prefix;
    this.suffix = suffix;
    this.field = field;
    this.misses = 0;
    // A multi-line data value joins its lines with \n: not one raw SSE line.
    this.lineHead = hasLineBreak(prefix) || hasLineBreak(suffix) ? null : `data: ${prefix}`;
    this.lineTail = `${suffix}\n\n`;
    this.tailPattern = this.lineHead === null ? null : sharedTailPattern(this.lineTail);
    this.tailThenHead = this.lineHead === null ? '' : this.lineTail + this.lineHead;
    // As many UTF-8 bytes as characters: all ASCII.
    const jointBytes = Buffer.from(this.tailThenHead, 'utf8');
    this.jointBytes = jointBytes.length === this.tailThenHead.length ? jointBytes : null;
    this.loadedChunk = null;
    this.knownHeadText = null;
  }
}

/**
 * Where the plain text (no quote, backslash or control character) from `from` ends: the index
 * of the first character that is not plain, or `to`; -1 when that character is a backslash
 * or a control character.
 */
function plainEnd(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i;
    if (code === BACKSLASH || code < SPACE) return -1;
  }
  return to;
}

/** Text `match` accepts as the varying part: no quote, backslash or control character. */
const PLAIN_TEXT = String.raw`[^"\\\x00-\x1f]*`;
/** Tails seen, with their compiled pattern from the second stream on (null: seen once). */
const TAIL_PATTERNS = new Map<string, RegExp | null>();
const MAX_TAIL_PATTERNS = 64;

/**
 * A sticky RegExp for `plain text + tail`, one native call per event instead of a scan and
 * a compare (~25 ns less). Most servers end every chunk of every stream the same way, so
 * one compiled pattern serves all streams; a tail is compiled only when a second stream
 * shows it, so servers that put the id in the tail (llama.cpp) never pay a compile.
 */
function sharedTailPattern(tail: string): RegExp | null {
  const known = TAIL_PATTERNS.get(tail);
  if (known !== undefined && known !== null) return known;
  if (known === null) {
    const escaped = tail.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const compiled = new RegExp(`${PLAIN_TEXT}${escaped}`, 'y');
    TAIL_PATTERNS.set(tail, compiled);
    return compiled;
  }
  if (TAIL_PATTERNS.size >= MAX_TAIL_PATTERNS) TAIL_PATTERNS.clear();
  TAIL_PATTERNS.set(tail, null);
  return null;
}

function hasLineBreak(text: string): boolean {
  return text.includes('\n') || text.includes('\r');
}

function learnableField(parsed: Readonly<Record<string, unknown>>): OutputTextField | null {
  if (parsed.error !== undefined && parsed.error !== null) return null;
  if (parsed.usage !== undefined && parsed.usage !== null) return null;
  const choices = parsed.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return null;
  const delta = (choices[0] as Record<string, unknown> | null)?.delta;
  if (typeof delta !== 'object' || delta === null) return null;
  const fields = delta as Record<string, unknown>;
  if (Array.isArray(fields.tool_calls) && fields.tool_calls.length > 0) return null;
  let found: OutputTextField | null = null;
  for (const name of OUTPUT_TEXT_FIELDS) {
    const value = fields[name];
    if (typeof value === 'string' && value.length > 0) {
      if (found !== null) return null;
      found = name;
    }
  }
  return found;
}

/** A template shape `probeFits` accepted: its prefix around the id's text, suffix and field. */
interface FittingShape {
  head: string;
  rest: string;
  suffix: string;
  field: OutputTextField;
}

/** The shapes accepted last, newest replacing the oldest: few servers mix more. */
const FITTING_SHAPES: FittingShape[] = [];
const MAX_FITTING_SHAPES = 8;
let nextShapeSlot = 0;
const ID_KEY = '"id":"';

/**
 * `probeFits`, parsed once per shape: every stream of a server sends the same prefix but for
 * its response id, so a template that differs from an accepted one only in the plain text of
 * the prefix's first `"id":"` value is accepted without parsing a probe again (a burst of
 * first tokens would wait ~2 µs of JSON.parse each). In JSON text the characters after a raw
 * `"id":"` always start a string (a quote after a colon opens a value), so a plain text there
 * (no quote, backslash or control character) is that whole string, and any other plain text
 * in its place leaves the same structure and the same probe outcome.
 */
function probeFitsOnce(prefix: string, suffix: string, field: OutputTextField): boolean {
  const keyAt = prefix.indexOf(ID_KEY);
  const to = keyAt === -1 ? -1 : plainEnd(prefix, keyAt + ID_KEY.length, prefix.length);
  if (to === -1 || to === prefix.length) return probeFits(prefix, suffix, field);
  // slice + === compares with memcmp (see match).
  const head = prefix.slice(0, keyAt + ID_KEY.length);
  const rest = prefix.slice(to);
  for (const shape of FITTING_SHAPES) {
    if (
      shape.field === field &&
      shape.suffix === suffix &&
      shape.rest === rest &&
      shape.head === head
    ) {
      return true;
    }
  }
  if (!probeFits(prefix, suffix, field)) return false;
  FITTING_SHAPES[nextShapeSlot] = { head, rest, suffix, field };
  nextShapeSlot = (nextShapeSlot + 1) % MAX_FITTING_SHAPES;
  return true;
}

/** Whether `prefix + PROBE + suffix` parses with the probe in `choices[0].delta[field]`. */
function probeFits(prefix: string, suffix: string, field: OutputTextField): boolean {
  try {
    const probe = JSON.parse(prefix + PROBE + suffix) as { choices?: { delta?: object }[] };
    const delta = probe.choices?.[0]?.delta as Record<string, unknown> | undefined;
    return delta?.[field] === PROBE;
  } catch {
    return false;
  }
}
