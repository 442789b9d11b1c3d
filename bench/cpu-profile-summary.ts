/** The parts of a V8 `.cpuprofile` (as `node --cpu-prof` writes it) the summary reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  /** Start and end of the profile, µs. */
  startTime: number;
  endTime: number;
  /** Node id of each sample, in time order. */
  samples: number[];
  /** µs from the previous sample (the first: from startTime). */
  timeDeltas: number[];
}

/** Self time of one function (summed over its call sites), ms. */
export interface SelfTimeEntry {
  functionName: string;
  /** Script URL as V8 reports it (`file:///...`, `node:internal/...`); empty for native frames. */
  url: string;
  /** 1-based line of the function's start, in the code V8 ran (after any transform). */
  line: number;
  selfMs: number;
}

const IDLE = '(idle)';

/**
 * Self time per function of one or more profiles, summed across them, largest first;
 * `(idle)` is left out (waiting is not CPU). Each sample counts for the time until the next
 * one (the last: until endTime), as Chrome DevTools counts it.
 */
export function summarizeCpuProfiles(profiles: readonly CpuProfile[]): SelfTimeEntry[] {
  const byKey = new Map<string, SelfTimeEntry>();
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    let timeUs = profile.startTime;
    const stamps = profile.timeDeltas.map((delta) => {
      timeUs += delta;
      return timeUs;
    });
    profile.samples.forEach((nodeId, i) => {
      const frame = frames.get(nodeId);
      if (frame === undefined || frame.functionName === IDLE) return;
      const next = stamps[i + 1] ?? profile.endTime;
      const durationMs = Math.max(0, next - (stamps[i] as number)) / 1000;
      const functionName = frame.functionName === '' ? '(anonymous)' : frame.functionName;
      const line = frame.lineNumber + 1;
      const key = `${functionName}\u0000${frame.url}\u0000${line}`;
      const entry = byKey.get(key);
      if (entry === undefined)
        byKey.set(key, { functionName, url: frame.url, line, selfMs: durationMs });
      else entry.selfMs += durationMs;
    });
  }
  return [...byKey.values()].sort((a, b) => b.selfMs - a.selfMs);
}
