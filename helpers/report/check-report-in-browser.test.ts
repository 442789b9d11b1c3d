import { describe, expect, it } from 'vitest';
import { chromiumMissingReason, chromiumMissingWarning } from './check-report-in-browser.js';

describe('the browser check without Chromium', () => {
  it('says what was not checked and how to install Chromium', () => {
    const reason = chromiumMissingReason('/nonexistent/chromium');
    expect(reason).toBe(
      'Chromium is not installed at /nonexistent/chromium: report.html was not checked in a ' +
        'browser (install it with: apt-get install -y chromium)',
    );
  });

  it('prints a warning framed so it stands out in the output', () => {
    const lines = chromiumMissingWarning('the reason').split('\n');
    expect(lines).toEqual([
      '!'.repeat(78),
      'WARNING: browser check SKIPPED. the reason',
      '!'.repeat(78),
    ]);
  });

  it('has no reason when Chromium is there', () => {
    expect(chromiumMissingReason(process.execPath)).toBeNull();
  });
});
