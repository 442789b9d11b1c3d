/**
 * The URL of an OpenAI-style API path under a base URL.
 *
 * `apiUrl('http://127.0.0.1:8080', 'chat/completions')` and
 * `apiUrl('https://host/v1/', '/v1/chat/completions')` both end in `/v1/chat/completions`:
 * `/v1` is added once, never doubled; trailing slashes on the base are tolerated, and a base
 * path prefix (`https://host/openai`) is kept. A query string on the base or the path is kept.
 */
export function apiUrl(baseUrl: string, path: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(
      `baseUrl: ${JSON.stringify(hideUserInfo(baseUrl))} is not an absolute URL; ` +
        'use e.g. http://127.0.0.1:8080 or https://host/v1',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `baseUrl: protocol ${JSON.stringify(url.protocol)} is not supported; ` +
        'start it with http:// or https://, e.g. http://127.0.0.1:8080',
    );
  }
  const queryAt = path.indexOf('?');
  const pathOnly = queryAt === -1 ? path : path.slice(0, queryAt);
  const pathQuery = queryAt === -1 ? '' : path.slice(queryAt + 1);

  let basePath = url.pathname.replace(/\/+$/, '');
  if (!basePath.endsWith('/v1')) basePath += '/v1';
  const relative = pathOnly.replace(/^\/+/, '').replace(/^v1(\/|$)/, '');
  url.pathname = relative === '' ? basePath : `${basePath}/${relative}`;

  if (pathQuery !== '') {
    const params = new URLSearchParams(pathQuery);
    for (const [key, value] of params) url.searchParams.append(key, value);
  }
  return url.toString();
}

/** `https://user:pass@host` -> `https://***@host`, so a bad URL never leaks credentials. */
function hideUserInfo(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//***@');
}
