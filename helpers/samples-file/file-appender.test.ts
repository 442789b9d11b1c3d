import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileAppender } from './file-appender.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-appender-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

describe('FileAppender', () => {
  it('keeps the order of the calls, on the spot and in the background mixed', async () => {
    const path = join(dir, 'a.bin');
    const file = new FileAppender(path);
    const want: string[] = [];
    for (let i = 0; i < 200; i += 1) {
      const text = `${i}:${'x'.repeat(i % 37)};`;
      want.push(text);
      // Several chunks per call, and some calls on the spot while background ones pend.
      const chunks = [bytes(text.slice(0, 2)), bytes(text.slice(2))];
      if (i % 7 === 0) file.append(chunks);
      else file.appendInBackground(chunks);
    }
    expect(file.bytesAppended).toBe(Buffer.byteLength(want.join('')));
    await file.settled();
    file.close();
    expect(readFileSync(path, 'utf8')).toBe(want.join(''));
  });

  it('refuses to close while background appends pend, and to append once closed', async () => {
    const path = join(dir, 'b.bin');
    const file = new FileAppender(path);
    file.appendInBackground([bytes('one')]);
    expect(() => file.close()).toThrow(
      `${path}: close() while appends are pending; await settled() first`,
    );
    await file.settled();
    file.close();
    file.close();
    expect(() => file.append([bytes('two')])).toThrow(`${path}: append after close()`);
    expect(readFileSync(path, 'utf8')).toBe('one');
  });

  it('writes nothing for empty chunks', async () => {
    const path = join(dir, 'c.bin');
    const file = new FileAppender(path);
    file.append([]);
    file.appendInBackground([new Uint8Array(0)]);
    await file.settled();
    file.close();
    expect(readFileSync(path).length).toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))(
    'throws a failed background append at every later call, and settles all the same',
    async () => {
      // Every write to /dev/full fails with ENOSPC.
      const file = new FileAppender('/dev/full');
      expect(() => file.append([bytes('now')])).toThrow(/ENOSPC/);
      const later = new FileAppender('/dev/full');
      later.appendInBackground([bytes('first')]);
      later.appendInBackground([bytes('dropped')]);
      await later.settled();
      expect(() => later.appendInBackground([bytes('next')])).toThrow(/ENOSPC/);
      expect(() => later.append([bytes('next')])).toThrow(/ENOSPC/);
      // Closes the descriptor whatever fsync says (/dev/full refuses fsync).
      for (const f of [file, later]) expect(() => f.close()).toThrow(/EINVAL/);
      expect(() => later.append([bytes('after')])).toThrow('/dev/full: append after close()');
    },
  );
});
