import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import {
  sharedTokenEventScanner,
  TOKEN_EVENT_SCAN_WASM,
  type TokenEventScanner,
} from './token-event-scanner.js';

const QUOTE = 34;
const BACKSLASH = 92;

function scanner(): TokenEventScanner {
  const shared = sharedTokenEventScanner();
  if (shared === null) throw new Error('WebAssembly is not available');
  return shared;
}

/** scan() on `text` with `joint` loaded, as { end, jointFollows }. */
function scanText(text: string, joint: string, start: number, limit = text.length) {
  const owner = {};
  const s = scanner();
  expect(s.load(owner, Buffer.from(joint, 'latin1'), Buffer.from(text, 'latin1'))).toBe(true);
  const end = s.scan(start, limit, joint.length);
  return { end, jointFollows: end === -1 ? null : s.jointFollows };
}

/** What scan() must answer, in plain TypeScript. */
function reference(bytes: Uint8Array, joint: Uint8Array, start: number, limit: number) {
  let q = start;
  for (; q < limit; q++) {
    const byte = bytes[q] as number;
    if (byte === QUOTE) break;
    if (byte === BACKSLASH || byte < 32) return { end: -1, jointFollows: null };
  }
  if (q >= limit) return { end: -1, jointFollows: null };
  let follows = q + joint.length <= limit;
  for (let i = 0; follows && i < joint.length; i++) follows = bytes[q + i] === joint[i];
  return { end: q, jointFollows: follows };
}

describe('TokenEventScanner', () => {
  it('is the module token-event-scan.wat compiles to', async () => {
    const wabt = await wabtInit();
    const source = readFileSync(new URL('./token-event-scan.wat', import.meta.url), 'utf8');
    const parsed = wabt.parseWat('token-event-scan.wat', source);
    try {
      const { buffer } = parsed.toBinary({});
      expect(Buffer.from(buffer).toString('base64')).toBe(TOKEN_EVENT_SCAN_WASM);
    } finally {
      parsed.destroy();
    }
  });

  it('finds the quote after a plain token and whether the joint follows it', () => {
    const joint = '"},"t":1}\n\ndata: {"c":"';
    const text = `data: {"c":"hi${joint}there"},"t":1}\n\n`;
    const start = 'data: {"c":"'.length;
    expect(scanText(text, joint, start)).toEqual({ end: start + 2, jointFollows: true });
    const next = start + 2 + joint.length;
    expect(scanText(text, joint, next)).toEqual({ end: next + 5, jointFollows: false });
  });

  it('answers -1 for a token with a backslash or a control byte, or no quote before the limit', () => {
    const joint = '"}\n\n';
    expect(scanText('a\\b"}\n\n', joint, 0).end).toBe(-1);
    expect(scanText('a\tb"}\n\n', joint, 0).end).toBe(-1);
    expect(scanText('a\nb"}\n\n', joint, 0).end).toBe(-1);
    expect(scanText('abc"}\n\n', joint, 0, 3).end).toBe(-1);
    expect(scanText('abc', joint, 0).end).toBe(-1);
    expect(scanText('ab~\x7f\x80\xff"}\n\n', joint, 0)).toEqual({ end: 6, jointFollows: true });
  });

  it('does not let a joint run past the limit', () => {
    const joint = '"}\n\ndata: x';
    const text = `ab${joint}`;
    expect(scanText(text, joint, 0, text.length - 1)).toEqual({ end: 2, jointFollows: false });
    expect(scanText(text, joint, 0)).toEqual({ end: 2, jointFollows: true });
  });

  it('sees a difference in any byte of the joint, whatever its length', () => {
    for (let length = 1; length <= 40; length++) {
      const joint = `"${'0123456789abcdefghijklmnopqrstuvwxyz0123'.slice(0, length - 1)}`;
      const text = `tok${joint}`;
      expect(scanText(text, joint, 0), `length ${length}`).toEqual({ end: 3, jointFollows: true });
      for (let at = 1; at < length; at++) {
        const changed = `tok${joint.slice(0, at)}!${joint.slice(at + 1)}`;
        expect(scanText(changed, joint, 0), `length ${length}, byte ${at}`).toEqual({
          end: 3,
          jointFollows: false,
        });
      }
    }
  });

  it('grows its memory for a chunk larger than it holds', () => {
    const joint = '"}\n\n';
    const text = `${'x'.repeat(300_000)}"}\n\n`;
    expect(scanText(text, joint, 0)).toEqual({ end: 300_000, jointFollows: true });
  });

  it('refuses a joint longer than its room, or a chunk over 16 MiB', () => {
    expect(scanner().load({}, new Uint8Array(4097), new Uint8Array(10))).toBe(false);
    expect(scanner().load({}, new Uint8Array(10), new Uint8Array(16 * 1024 * 1024 + 1))).toBe(
      false,
    );
    expect(scanner().loadedBy).toBeNull();
  });

  it('answers as the reference loop does, for any bytes, joint and range', () => {
    const byte = fc.constantFrom(0, 9, 10, 31, 32, 33, 34, 92, 97, 98, 126, 127, 128, 255);
    fc.assert(
      fc.property(
        fc.array(byte, { maxLength: 60 }),
        fc.array(byte, { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.nat(),
        (textBytes, jointBytes, a, b) => {
          const bytes = Uint8Array.from(textBytes);
          const joint = Uint8Array.from(jointBytes);
          const start = bytes.length === 0 ? 0 : a % (bytes.length + 1);
          const limit = start + (bytes.length === start ? 0 : b % (bytes.length - start + 1));
          const s = scanner();
          s.load({}, joint, bytes);
          const end = s.scan(start, limit, joint.length);
          const actual = { end, jointFollows: end === -1 ? null : s.jointFollows };
          expect(actual).toEqual(reference(bytes, joint, start, limit));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('answers as the reference loop does for a token, then a joint with a byte changed or not', () => {
    const plain = fc.constantFrom(32, 33, 97, 126, 127, 128, 255);
    const any = fc.constantFrom(0, 10, 31, 32, 34, 92, 97, 255);
    fc.assert(
      fc.property(
        fc.array(plain, { maxLength: 12 }),
        fc.array(any, { maxLength: 30 }),
        fc.option(fc.tuple(fc.nat(), any), { nil: null }),
        fc.array(any, { maxLength: 10 }),
        (token, jointRest, change, after) => {
          const joint = Uint8Array.from([QUOTE, ...jointRest]);
          const sent = [...joint];
          if (change !== null) sent[change[0] % sent.length] = change[1];
          const bytes = Uint8Array.from([...token, ...sent, ...after]);
          const s = scanner();
          s.load({}, joint, bytes);
          const end = s.scan(0, bytes.length, joint.length);
          const actual = { end, jointFollows: end === -1 ? null : s.jointFollows };
          expect(actual).toEqual(reference(bytes, joint, 0, bytes.length));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('runs as the reference loop does over tokens and joints, changed or not', () => {
    const plain = fc.constantFrom(32, 97, 128);
    const any = fc.constantFrom(0, 10, 34, 92, 97);
    const joint = Uint8Array.from([QUOTE, 10, 10, 100, 58, QUOTE]);
    const piece = fc.record({
      token: fc.array(plain, { maxLength: 4 }),
      change: fc.option(fc.tuple(fc.nat(), any), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }),
        fc.array(any, { maxLength: 6 }),
        (pieces, after) => {
          const sent: number[] = [];
          for (const { token, change } of pieces) {
            const bytes = [...joint];
            if (change !== null) bytes[change[0] % bytes.length] = change[1];
            sent.push(...token, ...bytes);
          }
          const bytes = Uint8Array.from([...sent, ...after]);
          let start = 0;
          let events = 0;
          let outputs = 0;
          for (;;) {
            const found = reference(bytes, joint, start, bytes.length);
            if (found.end === -1 || found.jointFollows !== true) break;
            events++;
            if (found.end !== start) outputs++;
            start = found.end + joint.length;
          }
          const s = scanner();
          s.load({}, joint, bytes);
          const next = s.run(0, bytes.length, joint.length);
          expect({ next, events: s.runEvents, outputs: s.runOutputs }).toEqual({
            next: start,
            events,
            outputs,
          });
        },
      ),
      { numRuns: 3000 },
    );
  });
});
