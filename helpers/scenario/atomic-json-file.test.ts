import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicJsonFile } from './atomic-json-file.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atomic-json-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const read = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

describe('AtomicJsonFile', () => {
  it('writes on the spot, making its folder, and leaves no temporary file', () => {
    const path = join(dir, 'deep', 'er', 'a.json');
    const file = new AtomicJsonFile(path);
    file.write({ n: 1 });
    file.write({ n: 2 });
    expect(read(path)).toEqual({ n: 2 });
    expect(readdirSync(join(dir, 'deep', 'er'))).toEqual(['a.json']);
  });

  it('in the background: the newest value wins, and a write after settled() is the last word', async () => {
    const path = join(dir, 'b.json');
    const file = new AtomicJsonFile(path);
    for (let n = 0; n < 50; n += 1) file.writeInBackground({ n });
    await file.settled();
    expect(read(path)).toEqual({ n: 49 });
    file.writeInBackground({ n: 50 });
    await file.settled();
    file.write({ n: 'final' });
    // Nothing still on its way can land after it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(read(path)).toEqual({ n: 'final' });
    expect(readdirSync(dir)).toEqual(['b.json']);
  });

  it('serialises the value when asked, not when the write happens', async () => {
    const path = join(dir, 'c.json');
    const file = new AtomicJsonFile(path);
    const value = { state: 'running' };
    file.writeInBackground(value);
    value.state = 'changed after';
    await file.settled();
    expect(read(path)).toEqual({ state: 'running' });
  });

  it('never shows a reader half a file while background writes go on', async () => {
    const path = join(dir, 'd.json');
    const file = new AtomicJsonFile(path);
    file.write({ n: -1, pad: '' });
    let reads = 0;
    let done = false;
    const reader = (async () => {
      while (!done) {
        const value = read(path) as { n: number; pad: string };
        expect(value.pad.length).toBe(value.n < 0 ? 0 : 100_000);
        reads += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let n = 0; n < 200; n += 1) {
      file.writeInBackground({ n, pad: 'p'.repeat(100_000) });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await file.settled();
    done = true;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(read(path)).toMatchObject({ n: 199 });
  });

  it('throws a failed background write at the next call, and settles all the same', async () => {
    const path = join(dir, 'e.json');
    // A folder where the file should be: the rename over it fails.
    mkdirSync(path);
    const file = new AtomicJsonFile(path);
    file.writeInBackground({ n: 1 });
    await file.settled();
    expect(() => file.writeInBackground({ n: 2 })).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    // Thrown once: the next call tries again (and fails again on its own).
    file.writeInBackground({ n: 3 });
    await file.settled();
    expect(() => file.write({ n: 4 })).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
  });
});
