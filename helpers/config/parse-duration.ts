const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * Parses a k6-style duration (`500ms`, `30s`, `1.5m`, `2h`, or combined as `1m30s`) into
 * milliseconds. A unit is required: a bare number is ambiguous between seconds and ms.
 * Returns `null` when the text is not a duration.
 */
export function parseDurationMs(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  let rest = trimmed;
  let totalMs = 0;
  // Combined forms such as 1m30s: consume one number+unit at a time.
  while (rest !== '') {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) return null;
    totalMs += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
    rest = rest.slice(match[0].length);
  }
  return totalMs;
}

/** Formats milliseconds as the shortest readable duration: `750ms`, `30s`, `2m`, `1m30s`. */
export function formatDurationMs(durationMs: number): string {
  if (durationMs < 1000 || !Number.isInteger(durationMs / 1000)) return `${durationMs}ms`;
  const totalS = durationMs / 1000;
  if (totalS < 60) return `${totalS}s`;
  const m = Math.floor(totalS / 60);
  const s = totalS % 60;
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}
