import { describe, expect, it } from 'vitest';
import { SMOKE_REQUEST_LIMIT_MS, smokeRequestLimits } from './smoke-request-limits.js';

const timeouts = {
  connectMs: 10_000,
  headersMs: 120_000,
  firstTokenMs: 120_000,
  idleMs: 60_000,
  totalMs: 600_000,
};

describe('smokeRequestLimits', () => {
  it('gives a smoke request 10 s in all, below the smoke tests 30 s timeout', () => {
    expect(SMOKE_REQUEST_LIMIT_MS).toBe(10_000);
    expect(smokeRequestLimits(timeouts)).toEqual({ totalMs: 10_000, connectMs: 10_000 });
  });

  it('takes a shorter REQUEST_TIMEOUT and CONNECT_TIMEOUT', () => {
    expect(smokeRequestLimits({ ...timeouts, totalMs: 2000, connectMs: 500 })).toEqual({
      totalMs: 2000,
      connectMs: 500,
    });
    expect(smokeRequestLimits({ ...timeouts, totalMs: 2000, connectMs: 5000 })).toEqual({
      totalMs: 2000,
      connectMs: 2000,
    });
  });
});
