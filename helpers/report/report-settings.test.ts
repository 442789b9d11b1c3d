import { describe, expect, it } from 'vitest';
import { reportSettings } from './report-settings.js';

describe('reportSettings', () => {
  it('keeps a usable RESULTS_DIR when another knob is invalid', () => {
    const settings = reportSettings({ RESULTS_DIR: 'out/run1', STREAM_RPS: 'x' });
    expect(settings.config).toBeNull();
    expect(settings.resultsDir).toBe('out/run1');
  });

  it('falls back to results/ for a RESULTS_DIR in /proc, where mkdir would hang', () => {
    const settings = reportSettings({ RESULTS_DIR: '/proc/llm-results' });
    expect(settings.config).toBeNull();
    expect(settings.resultsDir).toBe('results');
  });
});
