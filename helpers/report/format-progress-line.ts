import { isStreamScenario } from '../scenario/scenario-name.js';
import type { ScenarioProgressFile } from '../scenario/scenario-part.js';
import { formatClock, formatNumber } from './format-number.js';

/**
 * One progress line of a running scenario:
 * `chat_stream/short  0:12/0:30  sent 12  done 9  in flight 3  failed 0  dropped 0  p95 TTFT 812 ms`.
 * "sent" counts started requests, "done" the settled ones; after the schedule's end the line
 * says the run is finishing its in-flight requests. Non-stream requests have no first token
 * apart from their last byte (TTFT = total), so their line says `p95 total`.
 */
export function formatProgressLine(file: ScenarioProgressFile): string {
  const label = `${file.scenario}/${file.prompt}`;
  const p = file.progress;
  if (p === null) return `${label}  starting`;
  const done = p.started - p.inFlight;
  const failed = file.live === null ? 0 : file.live.failed;
  const p95 = file.live?.ttftP95Ms;
  const parts = [
    label,
    `${formatClock(p.elapsedMs)}/${formatClock(file.scheduleDurationMs)}`,
    `sent ${p.started}`,
    `done ${done}`,
    `in flight ${p.inFlight}`,
    `failed ${failed}`,
    `dropped ${p.dropped}`,
    `${isStreamScenario(file.scenario) ? 'p95 TTFT' : 'p95 total'} ${p95 === null || p95 === undefined ? '-' : `${formatNumber(p95)} ms`}`,
  ];
  if (p.phase === 'graceful-stop' || p.phase === 'settling') parts.push('(finishing in-flight)');
  return parts.join('  ');
}
