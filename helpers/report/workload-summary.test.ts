import { describe, expect, it } from 'vitest';
import { fakeSample } from '../metrics/fake-sample.js';
import { MetricStore } from '../metrics/metric-store.js';
import { recordRequestedTokens, recordSample } from '../metrics/record-sample.js';
import type { ScenarioPart } from '../scenario/scenario-part.js';
import type { WorkloadReport } from '../workload/workload.js';
import { formatWorkloadLines, summarizeWorkload } from './workload-summary.js';

const REPORT: WorkloadReport = {
  kind: 'synthetic',
  tag: 'synthetic',
  source: 'prompt_tokens=512,output_tokens=64',
  items: 1000,
  turns: 1,
  thinkTimeMs: 0,
  seed: 1,
  skippedLines: [],
  calibration: {
    kind: 'estimate',
    charsPerToken: 4,
    overheadTokens: 7,
    reason: 'the probe of 505 characters got an answer without usage.prompt_tokens',
  },
};

function part(workload?: WorkloadReport): ScenarioPart {
  return {
    scenario: 'chat_stream',
    prompt: 'synthetic',
    ...(workload ? { workload } : {}),
  } as ScenarioPart;
}

describe('summarizeWorkload', () => {
  it('is null for a fixed-prompt part', () => {
    expect(summarizeWorkload(part(), new MetricStore())).toBeNull();
  });

  it('puts requested and actual tokens of successful requests side by side', () => {
    const store = new MetricStore();
    for (const input of [500, 510, 520]) {
      const sample = fakeSample({
        tags: { prompt: 'synthetic' },
        inputTokens: input,
        outputTokens: 60,
      });
      recordSample(store, sample, 0);
      recordRequestedTokens(store, sample, 512, 64);
    }
    const failed = fakeSample({
      tags: { prompt: 'synthetic' },
      outcome: { kind: 'http-error', status: 500, message: 'x' },
      inputTokens: 9999,
    });
    recordSample(store, failed, 0);
    const summary = summarizeWorkload(part(REPORT), store);
    expect(summary?.tokens.requestedInput?.p50).toBe(512);
    expect(summary?.tokens.input).toMatchObject({ p50: 510, count: 3 });
    expect(summary?.tokens.requestedOutput?.p50).toBe(64);
    expect(summary?.tokens.output?.p50).toBe(60);
    const lines = formatWorkloadLines([{ label: 'chat_stream/synthetic', workload: summary }]);
    expect(lines.join('\n')).toContain(
      'token calibration: ESTIMATE 4.00 characters per token + 7.0 tokens per request (no measurement: the probe of 505 characters got an answer without usage.prompt_tokens)',
    );
    expect(lines).toContain('    input   512 / 512 / 512 (n=3) -> 510 / 518 / 520 (n=3)');
  });

  it('lists the dataset lines it skipped', () => {
    const report: WorkloadReport = {
      ...REPORT,
      kind: 'dataset',
      calibration: null,
      skippedLines: [{ line: 4, reason: 'not valid JSON' }],
    };
    const lines = formatWorkloadLines([
      { label: 'x', workload: summarizeWorkload(part(report), new MetricStore()) },
    ]);
    expect(lines).toContain('    skipped 1 bad dataset lines: line 4 (not valid JSON)');
    expect(lines).toContain('    input   not requested -> not reported');
  });
});
