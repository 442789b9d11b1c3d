import type { TimeoutsConfig } from '../config/suite-config.js';
import type { SmokeRequestLimits } from './get-json.js';

/**
 * Most time one smoke request gets in all, ms: well below the smoke project's 30 s test
 * timeout, so a server that never finishes a body fails with its own message.
 */
export const SMOKE_REQUEST_LIMIT_MS = 10_000;

/**
 * The bounds of a smoke request: `SMOKE_REQUEST_LIMIT_MS` in all, less when REQUEST_TIMEOUT
 * is shorter; the connect gets CONNECT_TIMEOUT within that.
 */
export function smokeRequestLimits(timeouts: TimeoutsConfig): SmokeRequestLimits {
  const totalMs = Math.min(SMOKE_REQUEST_LIMIT_MS, timeouts.totalMs);
  return { totalMs, connectMs: Math.min(timeouts.connectMs, totalMs) };
}
