import { describe, expect, it } from 'vitest';
import { apiUrl } from './api-url.js';

describe('apiUrl path edges', () => {
  it('drops every leading slash of the path', () => {
    expect(apiUrl('http://h', '//chat/completions')).toBe('http://h/v1/chat/completions');
  });

  it('gives the /v1 root for an empty path or a path of /v1 alone', () => {
    expect(apiUrl('http://h', '')).toBe('http://h/v1');
    expect(apiUrl('http://h', '/v1')).toBe('http://h/v1');
    expect(apiUrl('http://h', 'v1')).toBe('http://h/v1');
  });

  it('drops /v1 only as the whole first segment of the path', () => {
    expect(apiUrl('http://h', 'v1beta/models')).toBe('http://h/v1/v1beta/models');
    expect(apiUrl('http://h', 'tenants/v1/models')).toBe('http://h/v1/tenants/v1/models');
  });

  it('adds /v1 to a base path that only starts like it', () => {
    expect(apiUrl('http://h/v1x', 'm')).toBe('http://h/v1x/v1/m');
  });

  it('keeps repeated query keys and ignores an empty query', () => {
    expect(apiUrl('http://h/x/v1/', 'models?a=1&a=2')).toBe('http://h/x/v1/models?a=1&a=2');
    expect(apiUrl('http://h/v1', 'models?')).toBe('http://h/v1/models');
    expect(apiUrl('http://h/?q=1', '?r=2')).toBe('http://h/v1?q=1&r=2');
  });
});

describe('apiUrl errors', () => {
  it('gives the whole message for a value that is not a URL', () => {
    expect(() => apiUrl('nope', 'models')).toThrow(
      new Error(
        'baseUrl: "nope" is not an absolute URL; use e.g. http://127.0.0.1:8080 or https://host/v1',
      ),
    );
  });

  it('names an unsupported protocol and the fix', () => {
    expect(() => apiUrl('ftp://h', 'models')).toThrow(
      new Error(
        'baseUrl: protocol "ftp:" is not supported; start it with http:// or https://, e.g. http://127.0.0.1:8080',
      ),
    );
  });

  it('hides a user name without a password, and only the part before the host', () => {
    expect(() => apiUrl('ht tp://user@host', 'm')).toThrow(/^baseUrl: "ht tp:\/\/\*\*\*@host" is/);
    expect(() => apiUrl('ht tp://u:p@host/x@y', 'm')).toThrow(
      /^baseUrl: "ht tp:\/\/\*\*\*@host\/x@y" is/,
    );
  });

  it('shows a bad URL without user info as it is, an @ in its path too', () => {
    expect(() => apiUrl('ht tp://host/a@b', 'm')).toThrow(/^baseUrl: "ht tp:\/\/host\/a@b" is/);
  });
});
