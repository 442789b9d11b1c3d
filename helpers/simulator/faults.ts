import type { Random } from './random.js';
import type { SimulatorOptions } from './simulator-options.js';

/** Status codes the simulator can inject. */
export type FaultStatus = 500 | 503 | 429;

/** The fault drawn for one request (at most one per request). */
export type Fault =
  | { kind: 'none' }
  /** Answered at once with this status, before queueing. */
  | { kind: 'status'; status: FaultStatus }
  /** Socket destroyed after this many output events (non-stream: mid-body, 0). */
  | { kind: 'cut'; afterEvents: number }
  /** `data: {not json` written before this output event (non-stream: body not JSON, 0). */
  | { kind: 'malformed'; beforeEvent: number }
  /** The sequence pauses `stallMs` after this many tokens. */
  | { kind: 'stall'; afterTokens: number; stallMs: number };

export type FaultKind = Fault['kind'];

type FaultOptions = Pick<
  SimulatorOptions,
  | 'faultStatus500Rate'
  | 'faultStatus503Rate'
  | 'faultStatus429Rate'
  | 'faultCutRate'
  | 'faultMalformedRate'
  | 'faultStallRate'
  | 'faultStallMs'
>;

/** Shape of the planned response, which bounds where a fault can land. */
export interface FaultShape {
  stream: boolean;
  /** Output events of the stream (content and reasoning). */
  events: number;
  outputTokens: number;
}

/** Uniform position in [1, n - 1] so the fault lands mid-response; 0 when n < 2. */
const midPosition = (random: Random, n: number): number => (n < 2 ? 0 : random.int(1, n - 1));

/**
 * Draws the request's fault. The rates partition [0, 1): one uniform draw picks at most one
 * fault, so each rate is exactly the share of requests that get that fault.
 */
export function drawFault(random: Random, options: FaultOptions, shape: FaultShape): Fault {
  let u = random.next();
  const pick = (rate: number): boolean => {
    if (u < rate) return true;
    u -= rate;
    return false;
  };
  if (pick(options.faultStatus500Rate)) return { kind: 'status', status: 500 };
  if (pick(options.faultStatus503Rate)) return { kind: 'status', status: 503 };
  if (pick(options.faultStatus429Rate)) return { kind: 'status', status: 429 };
  if (pick(options.faultCutRate)) {
    return { kind: 'cut', afterEvents: shape.stream ? midPosition(random, shape.events) : 0 };
  }
  if (pick(options.faultMalformedRate)) {
    return { kind: 'malformed', beforeEvent: shape.stream ? midPosition(random, shape.events) : 0 };
  }
  if (pick(options.faultStallRate)) {
    return {
      kind: 'stall',
      afterTokens: midPosition(random, shape.outputTokens),
      stallMs: options.faultStallMs,
    };
  }
  return { kind: 'none' };
}
