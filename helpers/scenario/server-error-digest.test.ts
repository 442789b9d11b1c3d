import { describe, expect, it } from 'vitest';
import { formatServerErrors, ServerErrorDigest } from './server-error-digest.js';

describe('ServerErrorDigest', () => {
  it('keeps the first distinct errors with their status and count, in arrival order', () => {
    const digest = new ServerErrorDigest(2);
    digest.add({ kind: 'http-error', status: 503, message: 'queue full' }, 503);
    digest.add({ kind: 'ok' }, 200);
    digest.add({ kind: 'connection-error', code: 'ECONNRESET', message: 'socket hang up' }, 0);
    digest.add({ kind: 'http-error', status: 503, message: 'queue full' }, 503);
    digest.add({ kind: 'http-error', status: 500, message: 'boom' }, 500);
    digest.add({ kind: 'aborted', reason: 'graceful stop expired' }, 0);
    expect(digest.result()).toEqual({
      entries: [
        { outcome: 'http-error', status: 503, message: 'queue full', count: 2 },
        {
          outcome: 'connection-error',
          status: null,
          message: 'ECONNRESET: socket hang up',
          count: 1,
        },
      ],
      otherCount: 1,
    });
  });

  it('keeps the errno of a connection error that already names it once', () => {
    const digest = new ServerErrorDigest();
    digest.add(
      {
        kind: 'connection-error',
        code: 'ECONNREFUSED',
        message: 'connect ECONNREFUSED 127.0.0.1:9',
      },
      null,
    );
    expect(digest.result().entries[0]?.message).toBe('connect ECONNREFUSED 127.0.0.1:9');
  });

  it('formats one line per error, and the rest as a count', () => {
    expect(
      formatServerErrors({
        entries: [{ outcome: 'http-error', status: 404, message: 'model "x" not found', count: 3 }],
        otherCount: 2,
      }),
    ).toEqual([
      '404 http-error x3: "model \\"x\\" not found"',
      '... and 2 more failed requests with other errors',
    ]);
    expect(formatServerErrors(null)).toEqual([]);
  });
});
