// The rule for numbers lives below the reports, so SLA messages use it too.
export { formatNumber, formatNumberAgainst } from '../metrics/format-number.js';
/** Milliseconds as `m:ss` (or `h:mm:ss`), rounded down to the second. */
export function formatClock(ms: number): string {
  const totalSec = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSec / 3600);
  const minutes = Math.floor((totalSec % 3600) / 60);
  const seconds = String(totalSec % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** Milliseconds as seconds with one decimal: `38.2 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
