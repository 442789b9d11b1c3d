/**
 * The id of one request in requests.jsonl and on its samples.ndjson points:
 * `scenario:prompt:start`, start being t0 in whole microseconds since the epoch. Every point of
 * a request carries t0 as its time, so the id is derived from a point and needs no memory per
 * request. Unique within a run: one process cannot hand two requests to undici in the same
 * microsecond (each send does several microseconds of work first).
 */
export function requestId(scenario: string, prompt: string, startEpochMs: number): string {
  return `${scenario}:${prompt}:${Math.round(startEpochMs * 1000)}`;
}
