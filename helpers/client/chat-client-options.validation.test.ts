import { describe, expect, it } from 'vitest';
import {
  ChatClientConfigError,
  type ChatClientOptionProblem,
  type ChatClientOptions,
  resolveChatClientOptions,
} from './chat-client-options.js';

/** The problems `resolveChatClientOptions` throws for the options (fails if it does not throw). */
function problemsOf(options: ChatClientOptions): readonly ChatClientOptionProblem[] {
  try {
    resolveChatClientOptions(options);
  } catch (error) {
    if (error instanceof ChatClientConfigError) return error.problems;
    throw error;
  }
  throw new Error(`no problem found in ${JSON.stringify(options)}`);
}

const BASE = 'http://127.0.0.1:1';

describe('resolveChatClientOptions baseUrl', () => {
  it('names an empty or missing baseUrl with an example', () => {
    const fix = 'set it to the server, e.g. http://127.0.0.1:8080';
    expect(problemsOf({ baseUrl: '' })).toEqual([{ field: 'baseUrl', value: '""', fix }]);
    expect(problemsOf({ baseUrl: 8080 as never })).toEqual([
      { field: 'baseUrl', value: '8080', fix },
    ]);
  });

  it('rejects a user name or a password in the URL without showing either', () => {
    const problem = {
      field: 'baseUrl',
      value: 'a URL with user:password@',
      fix: 'remove the credentials from the URL and pass them in `headers`',
    };
    expect(problemsOf({ baseUrl: 'http://user:hunter22@127.0.0.1:1' })).toEqual([problem]);
    expect(problemsOf({ baseUrl: 'http://user@127.0.0.1:1' })).toEqual([problem]);
    expect(problemsOf({ baseUrl: 'http://:hunter22@127.0.0.1:1' })).toEqual([problem]);
  });

  it('gives the reason of a URL that cannot be used', () => {
    expect(problemsOf({ baseUrl: 'ftp://127.0.0.1:1' })).toEqual([
      {
        field: 'baseUrl',
        value: 'not a usable URL',
        fix: 'baseUrl: protocol "ftp:" is not supported; start it with http:// or https://, e.g. http://127.0.0.1:8080',
      },
    ]);
  });
});

describe('resolveChatClientOptions other options', () => {
  it('names a header whose value is not a string by its type, never its value', () => {
    expect(
      problemsOf({ baseUrl: BASE, headers: { 'X-Key': 12345678 as never, ok: 'fine' } }),
    ).toEqual([{ field: 'headers.X-Key', value: 'number', fix: 'use a string value' }]);
  });

  it('accepts 1 connection and rejects 0, fractions and NaN', () => {
    expect(resolveChatClientOptions({ baseUrl: BASE, connections: 1 }).connections).toBe(1);
    const fix = 'use an integer >= 1, or leave it out for no limit';
    for (const [connections, value] of [
      [0, '0'],
      [-1, '-1'],
      [1.5, '1.5'],
      [Number.NaN, 'NaN'],
    ] as const) {
      expect(problemsOf({ baseUrl: BASE, connections })).toEqual([
        { field: 'connections', value, fix },
      ]);
    }
  });

  it('accepts a timeout of 0 and rejects negative, infinite, NaN and non-number ones', () => {
    expect(
      resolveChatClientOptions({ baseUrl: BASE, timeouts: { idleMs: 0 } }).timeouts.idleMs,
    ).toBe(0);
    const fix = 'use a finite number of milliseconds >= 0 (0 disables it)';
    expect(
      problemsOf({
        baseUrl: BASE,
        timeouts: {
          connectMs: -1,
          headersMs: Number.POSITIVE_INFINITY,
          firstTokenMs: Number.NaN,
          idleMs: '5' as never,
          totalMs: -0.5,
        },
      }),
    ).toEqual([
      { field: 'timeouts.connectMs', value: '-1', fix },
      { field: 'timeouts.headersMs', value: 'Infinity', fix },
      { field: 'timeouts.firstTokenMs', value: 'NaN', fix },
      { field: 'timeouts.idleMs', value: '5', fix },
      { field: 'timeouts.totalMs', value: '-0.5', fix },
    ]);
  });

  it('accepts maxBufferedBytes from 1024 and rejects 1023 and fractions', () => {
    expect(
      resolveChatClientOptions({ baseUrl: BASE, maxBufferedBytes: 1024 }).maxBufferedBytes,
    ).toBe(1024);
    const fix = 'use an integer >= 1024';
    expect(problemsOf({ baseUrl: BASE, maxBufferedBytes: 1023 })).toEqual([
      { field: 'maxBufferedBytes', value: '1023', fix },
    ]);
    expect(problemsOf({ baseUrl: BASE, maxBufferedBytes: 2048.5 })).toEqual([
      { field: 'maxBufferedBytes', value: '2048.5', fix },
    ]);
  });

  it('names a clock that is not a function by its type', () => {
    expect(problemsOf({ baseUrl: BASE, clock: 5 as never })).toEqual([
      { field: 'clock', value: 'number', fix: 'pass a function returning ms' },
    ]);
  });
});

describe('ChatClientConfigError', () => {
  it('lists every problem in one message, with a stable code and name', () => {
    let thrown: unknown;
    try {
      resolveChatClientOptions({ baseUrl: BASE, connections: 0, clock: 'x' as never });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ChatClientConfigError);
    const error = thrown as ChatClientConfigError;
    expect(error.code).toBe('INVALID_CLIENT_OPTIONS');
    expect(error.name).toBe('ChatClientConfigError');
    expect(error.message).toBe(
      'Invalid chat client options (2):\n' +
        '  - connections: 0; use an integer >= 1, or leave it out for no limit\n' +
        '  - clock: string; pass a function returning ms',
    );
  });
});
