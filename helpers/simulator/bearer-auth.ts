import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A checker for `Authorization: Bearer <key>`. Compares SHA-256 digests in constant time,
 * so neither the key's length nor its content leaks through timing.
 */
export function createBearerCheck(apiKey: string): (authorization: string | undefined) => boolean {
  const expected = createHash('sha256').update(apiKey).digest();
  return (authorization) => {
    if (authorization === undefined) return false;
    const match = /^Bearer\s+(\S.*)$/i.exec(authorization.trim());
    if (match === null) return false;
    const given = createHash('sha256')
      .update(match[1] as string)
      .digest();
    return timingSafeEqual(given, expected);
  };
}
