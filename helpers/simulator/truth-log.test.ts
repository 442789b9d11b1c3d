import { describe, expect, it } from 'vitest';
import type { CompletionPlan } from './completion-plan.js';
import { createRandom } from './random.js';
import { createTextGenerator } from './text-generator.js';
import { createTruthRecord, TruthLog } from './truth-log.js';

const plan = (id: string): CompletionPlan => ({
  id,
  index: 0,
  created: 0,
  model: 'm',
  stream: true,
  includeUsage: false,
  promptTokens: 5,
  completionTokens: 3,
  reasoningTokens: 0,
  finishReason: 'stop',
  events: 3,
  fault: { kind: 'none' },
  text: createTextGenerator(createRandom(1)),
});

describe('TruthLog', () => {
  it('finds a record by response id', () => {
    const log = new TruthLog(10);
    log.add(createTruthRecord(plan('a'), 1));
    expect(log.get('a')).toMatchObject({ id: 'a', arrivedMs: 1, outcome: 'pending' });
  });

  it('keeps only the last `limit` records, evicting the oldest', () => {
    const log = new TruthLog(2);
    for (const id of ['a', 'b', 'c']) log.add(createTruthRecord(plan(id), 0));
    expect(log.records().map((r) => r.id)).toEqual(['b', 'c']);
    expect(log.get('a')).toBeUndefined();
  });

  it('keeps nothing when the limit is 0', () => {
    const log = new TruthLog(0);
    log.add(createTruthRecord(plan('a'), 0));
    expect(log.size).toBe(0);
  });
});
