/** Chat requests a suite run made, per scenario. */
export interface ChatRequestCounts {
  stream: number;
  nonstream: number;
}

const SCENARIOS = { stream: 'chat_stream', nonstream: 'chat_nonstream' } as const;

/**
 * Counts the chat requests of a run from its summary.json (`metrics`, k6's summary-export
 * shape): per scenario, `http_reqs{scenario:X}` when present, else the sum of
 * `http_reqs{scenario:X,prompt:P}` over the prompts. Throws, naming the file's keys, when a
 * scenario has no count (the run made no request of it, so the fit would be meaningless).
 */
export function chatRequestCounts(summary: unknown, file: string): ChatRequestCounts {
  const metrics = (summary as { metrics?: Record<string, { count?: unknown }> } | null)?.metrics;
  if (metrics === undefined || metrics === null || typeof metrics !== 'object') {
    throw new Error(`${file}: no "metrics" object; is it a suite summary.json?`);
  }
  const count = (scenario: string): number => {
    const whole = metrics[`http_reqs{scenario:${scenario}}`]?.count;
    if (typeof whole === 'number') return whole;
    let sum = 0;
    let found = false;
    for (const [key, value] of Object.entries(metrics)) {
      const tags = key.match(/^http_reqs\{(.*)\}$/)?.[1]?.split(',');
      if (tags?.length !== 2 || !tags.includes(`scenario:${scenario}`)) continue;
      if (!tags.some((tag) => tag.startsWith('prompt:')) || typeof value.count !== 'number') {
        continue;
      }
      sum += value.count;
      found = true;
    }
    if (!found) {
      const keys = Object.keys(metrics).filter((key) => key.startsWith('http_reqs'));
      throw new Error(
        `${file}: no http_reqs count for scenario:${scenario} (http_reqs keys: ${keys.join(', ') || 'none'})`,
      );
    }
    return sum;
  };
  return { stream: count(SCENARIOS.stream), nonstream: count(SCENARIOS.nonstream) };
}
