import type { Random } from './random.js';
import type { SimulatorOptions } from './simulator-options.js';

type PrefillOptions = Pick<SimulatorOptions, 'prefillBaseMs' | 'prefillPerTokenMs' | 'extraTtftMs'>;
type DecodeOptions = Pick<SimulatorOptions, 'decodeBaseMs' | 'decodePerActiveMs'>;
type LengthOptions = Pick<
  SimulatorOptions,
  'outputTokens' | 'cotOutputTokens' | 'outputTokensJitter'
>;

/** Prefill time of one prompt: base + per token x prompt tokens + extra TTFT. */
export function prefillMs(options: PrefillOptions, promptTokens: number): number {
  return options.prefillBaseMs + options.prefillPerTokenMs * promptTokens + options.extraTtftMs;
}

/** Time of one decode step while `activeSequences` hold a slot: base + per active x count. */
export function decodeIntervalMs(options: DecodeOptions, activeSequences: number): number {
  return options.decodeBaseMs + options.decodePerActiveMs * activeSequences;
}

/**
 * Target of the next decode step. Steps sit on an absolute grid (previous target +
 * interval), so small lateness does not accumulate; a step that started more than half an
 * interval late rebases the grid to its real start, so a stall is followed by a normal gap,
 * never by a burst of catch-up tokens.
 */
export function nextStepTargetMs(targetMs: number, startedMs: number, intervalMs: number): number {
  return startedMs - targetMs > intervalMs / 2 ? startedMs + intervalMs : targetMs + intervalMs;
}

/**
 * Output length of a request without max_tokens: the typical length for its kind of prompt,
 * spread uniformly by +/- jitter, at least 1 token.
 */
export function defaultOutputTokens(
  options: LengthOptions,
  chainOfThought: boolean,
  random: Random,
): number {
  const typical = chainOfThought ? options.cotOutputTokens : options.outputTokens;
  const factor = 1 + options.outputTokensJitter * (2 * random.next() - 1);
  return Math.max(1, Math.round(typical * factor));
}
