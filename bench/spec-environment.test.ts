import { describe, expect, it } from 'vitest';
import { specEnvironment } from './spec-environment.js';

describe('specEnvironment', () => {
  it('passes only the essentials of ours, blanks every .env variable, then sets the knobs', () => {
    const env = specEnvironment({
      inherited: {
        PATH: '/usr/bin',
        HOME: '/root',
        API_KEY: 'sk-secret',
        NODE_OPTIONS: '--inspect',
        CI: 'true',
      },
      envFileKeys: ['BASE', 'HOLD', 'JUNIT', 'PATH'],
      knobs: { BASE: 'http://127.0.0.1:1234', HOLD: '10s' },
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      JUNIT: '',
      BASE: 'http://127.0.0.1:1234',
      HOLD: '10s',
    });
  });
});
