import { describe, expect, it } from 'vitest';
import type { ScenarioProgressFile } from '../scenario/scenario-part.js';
import { syntheticPart } from './testing/synthetic-part.js';
import { unsavedPartProblems } from './unsaved-parts.js';

const progress = (pid: number): ScenarioProgressFile => ({
  format: 'scenario-progress',
  version: 1,
  scenario: 'chat_stream',
  prompt: 'short',
  pid,
  state: 'running',
  startedEpochMs: 0,
  updatedEpochMs: 0,
  scheduleDurationMs: 60_000,
  progress: null,
  live: null,
});

describe('unsavedPartProblems', () => {
  it('says a killed worker is gone', () => {
    const part = {
      ...syntheticPart({ state: 'running' }),
      updatedEpochMs: 10_000,
      samplesFile: 'chat_stream--short.samples',
    };
    expect(
      unsavedPartProblems([part], [progress(4242)], { endedEpochMs: 22_500, isAlive: () => false }),
    ).toEqual([
      'chat_stream/short: its worker (pid 4242) ended without saving its final results ' +
        '(killed or crashed); ' +
        'not judged',
    ]);
  });

  it('says when a worker that wrote no samples file is still running', () => {
    const part = { ...syntheticPart({ state: 'running' }), samplesFile: null };
    const [problem] = unsavedPartProblems([part], [progress(7)], {
      endedEpochMs: part.updatedEpochMs,
      isAlive: () => true,
    });
    expect(problem).toBe(
      'chat_stream/short: its worker (pid 7) had not saved its final results in time; ' +
        'it wrote no samples file, so its requests are not counted; not judged',
    );
  });

  it('says nothing about parts that were saved', () => {
    const parts = [syntheticPart(), syntheticPart({ state: 'interrupted' })];
    expect(unsavedPartProblems(parts, [progress(1)], { endedEpochMs: 0 })).toEqual([]);
  });
});
