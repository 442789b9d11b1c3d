import { describe, expect, it } from 'vitest';
import { apiUrl } from './api-url.js';

describe('apiUrl', () => {
  it('adds /v1 to a bare origin', () => {
    expect(apiUrl('http://127.0.0.1:8080', 'chat/completions')).toBe(
      'http://127.0.0.1:8080/v1/chat/completions',
    );
  });

  it('does not double /v1 when the base already ends in /v1', () => {
    expect(apiUrl('https://host/v1', '/chat/completions')).toBe('https://host/v1/chat/completions');
  });

  it('tolerates trailing slashes on the base and /v1 on the path', () => {
    expect(apiUrl('https://host/v1//', '/v1/models')).toBe('https://host/v1/models');
    expect(apiUrl('http://host:1/', 'v1/version')).toBe('http://host:1/v1/version');
  });

  it('keeps a path prefix of the base', () => {
    expect(apiUrl('https://gw.example/openai', 'models')).toBe(
      'https://gw.example/openai/v1/models',
    );
  });

  it('keeps query strings of the base and of the path', () => {
    expect(apiUrl('https://host/v1?api-version=2', 'models?limit=1')).toBe(
      'https://host/v1/models?api-version=2&limit=1',
    );
  });

  it('names baseUrl and the fix for a value that is not a URL', () => {
    expect(() => apiUrl('localhost:8080', 'models')).toThrow(/baseUrl.*http:\/\/127\.0\.0\.1/);
    expect(() => apiUrl('nope', 'models')).toThrow(/baseUrl: "nope" is not an absolute URL/);
  });

  it('never prints credentials of a bad base URL', () => {
    expect(() => apiUrl('ht tp://user:hunter22@host', 'models')).toThrow(/\*\*\*@host/);
    try {
      apiUrl('ht tp://user:hunter22@host', 'models');
    } catch (error) {
      expect(String(error)).not.toContain('hunter22');
    }
  });
});
