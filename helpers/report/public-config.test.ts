import { describe, expect, it } from 'vitest';
import { readSuiteConfig } from '../config/suite-config.js';
import { publicSuiteConfig } from './public-config.js';

describe('publicSuiteConfig', () => {
  it('writes proxy URLs without their user and password', () => {
    const result = readSuiteConfig({
      HTTPS_PROXY: 'http://alice:s3cret-pw@proxy.internal:3128',
      HTTP_PROXY: 'http://bob:other-pw@proxy.internal:3128',
      NO_PROXY: 'localhost',
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const shown = JSON.stringify(publicSuiteConfig(result.config));
    expect(shown).not.toContain('s3cret-pw');
    expect(shown).not.toContain('other-pw');
    expect(publicSuiteConfig(result.config).client.proxy).toEqual({
      httpsProxy: 'http://***@proxy.internal:3128/',
      httpProxy: 'http://***@proxy.internal:3128/',
      noProxy: 'localhost',
    });
    // The client still gets the real URL.
    expect(result.config.client.proxy.httpsProxy).toContain('s3cret-pw');
  });
});
