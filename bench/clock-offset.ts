/**
 * One clock exchange with another process: our clock when the ping left, the other
 * process's clock when it answered, our clock when the answer came back (all ms).
 */
export interface ClockExchange {
  sentMs: number;
  remoteMs: number;
  receivedMs: number;
}

/** How the other process's clock maps onto ours: `local = remote + offsetMs`. */
export interface ClockOffset {
  /** Add to a remote time to get the local time, ms. */
  offsetMs: number;
  /**
   * Half the round trip of the exchange used, ms: the true offset lies within
   * `offsetMs ± uncertaintyMs` whatever the split between the two one-way delays.
   */
  uncertaintyMs: number;
  /** Round trip of the exchange used (the shortest), ms. */
  rttMs: number;
  /** Exchanges considered. */
  exchanges: number;
}

/**
 * Estimates the offset from the exchange with the shortest round trip (the one least
 * disturbed by scheduling), assuming the answer was read halfway through it. Throws when
 * there is no exchange or one has a negative round trip (a wrong clock).
 */
export function estimateClockOffset(exchanges: readonly ClockExchange[]): ClockOffset {
  if (exchanges.length === 0) {
    throw new RangeError('estimateClockOffset: no exchanges; ping the other process at least once');
  }
  let best: ClockExchange | null = null;
  for (const exchange of exchanges) {
    const rttMs = exchange.receivedMs - exchange.sentMs;
    if (!(rttMs >= 0)) {
      throw new RangeError(
        `estimateClockOffset: an exchange has round trip ${rttMs} ms (received before sent); ` +
          'take sentMs and receivedMs from the same monotonic clock',
      );
    }
    if (best === null || rttMs < best.receivedMs - best.sentMs) best = exchange;
  }
  // best is set: exchanges is not empty.
  const chosen = best as ClockExchange;
  const rttMs = chosen.receivedMs - chosen.sentMs;
  return {
    offsetMs: (chosen.sentMs + chosen.receivedMs) / 2 - chosen.remoteMs,
    uncertaintyMs: rttMs / 2,
    rttMs,
    exchanges: exchanges.length,
  };
}
