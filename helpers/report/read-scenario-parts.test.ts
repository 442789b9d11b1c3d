import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PARTS_DIR_NAME,
  writeScenarioPart,
  writeScenarioProgress,
} from '../scenario/scenario-part.js';
import { readScenarioParts, readScenarioProgress } from './read-scenario-parts.js';
import { syntheticPart } from './testing/synthetic-part.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-parts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_795_000_000_000;

describe('readScenarioParts', () => {
  it('reads every part of the run, stream scenarios first, then by prompt', () => {
    writeScenarioPart(
      dir,
      syntheticPart({ scenario: 'chat_nonstream', prompt: 'short', startedEpochMs: T0 }),
    );
    writeScenarioPart(
      dir,
      syntheticPart({ scenario: 'chat_stream', prompt: 'short', startedEpochMs: T0 }),
    );
    writeScenarioPart(
      dir,
      syntheticPart({ scenario: 'chat_stream', prompt: 'cot', startedEpochMs: T0 }),
    );
    const read = readScenarioParts(dir);
    expect(read.items.map((p) => `${p.scenario}/${p.prompt}`)).toEqual([
      'chat_stream/cot',
      'chat_stream/short',
      'chat_nonstream/short',
    ]);
    expect(read.problems).toEqual([]);
  });

  it('leaves out parts of earlier runs', () => {
    writeScenarioPart(dir, syntheticPart({ prompt: 'old', startedEpochMs: T0 - 60_000 }));
    writeScenarioPart(dir, syntheticPart({ prompt: 'new', startedEpochMs: T0 }));
    expect(readScenarioParts(dir, { sinceEpochMs: T0 - 1 }).items.map((p) => p.prompt)).toEqual([
      'new',
    ]);
  });

  it('names a broken file as a problem and still reads the others', () => {
    writeScenarioPart(dir, syntheticPart({ startedEpochMs: T0 }));
    writeFileSync(join(dir, PARTS_DIR_NAME, 'chat_stream--cot.json'), '{"format":"scenario-part",');
    const read = readScenarioParts(dir);
    expect(read.items).toHaveLength(1);
    expect(read.problems).toEqual([
      expect.stringMatching(/^chat_stream--cot\.json: not readable as JSON/),
    ]);
  });

  it('keeps progress files and parts apart', () => {
    writeScenarioPart(dir, syntheticPart({ startedEpochMs: T0 }));
    writeScenarioProgress(dir, {
      format: 'scenario-progress',
      version: 1,
      scenario: 'chat_stream',
      prompt: 'short',
      pid: 123,
      state: 'running',
      startedEpochMs: T0,
      updatedEpochMs: T0,
      scheduleDurationMs: 30_000,
      progress: null,
      live: null,
    });
    expect(readScenarioParts(dir).items.map((p) => p.format)).toEqual(['scenario-part']);
    expect(readScenarioProgress(dir).items.map((p) => p.pid)).toEqual([123]);
  });

  it('finds nothing, without problems, when no load scenario ran', () => {
    mkdirSync(join(dir, 'empty'));
    expect(readScenarioParts(join(dir, 'empty'))).toEqual({ items: [], problems: [] });
  });
});
