// Pacing self-check: runs the scheduler with a no-op iteration at 200/s and 1000/s on the
// real clock and prints the achieved rate and schedule lag. Not a test: the numbers depend on
// the machine. Usage:
//   npx tsx helpers/load/pacing-check.ts [seconds=10] [spinMs=1] [maxSpinShare=0.3] [even|poisson] [rates=200,1000]
import type { ArrivalRunResult } from './arrival-run-result.js';
import { constantArrivalRate } from './arrival-schedule.js';
import { type ArrivalPattern, planArrivals } from './plan-arrivals.js';
import { createRealClock, DEFAULT_MAX_SPIN_SHARE, DEFAULT_SPIN_MS } from './real-clock.js';
import { runArrivals } from './run-arrivals.js';

/** One line per rate: achieved rates, lag percentiles and CPU use. Pure. */
function formatPacingLine(
  targetRatePerSec: number,
  result: ArrivalRunResult,
  cpuPercent: number,
): string {
  const { offsetMs, lagMs } = result.lagRecord;
  const n = offsetMs.length;
  // Rate between the first and the last actual start: pacing over the run, free of the
  // fencepost of counting arrivals in a window.
  const firstStartMs = (offsetMs[0] ?? 0) + (lagMs[0] ?? 0);
  const lastStartMs = (offsetMs[n - 1] ?? 0) + (lagMs[n - 1] ?? 0);
  const spanRatePerSec = n > 1 ? ((n - 1) * 1000) / (lastStartMs - firstStartMs) : 0;
  const lag = result.scheduleLagMs;
  const pct = (ratePerSec: number): string =>
    `${(((ratePerSec - targetRatePerSec) / targetRatePerSec) * 100).toFixed(3)}%`;
  return [
    `target ${targetRatePerSec}/s:`,
    `started ${result.started}/${result.scheduled}, dropped ${result.dropped}`,
    `achieved ${result.achievedRatePerSec.toFixed(2)}/s (${pct(result.achievedRatePerSec)})`,
    `span rate ${spanRatePerSec.toFixed(2)}/s (${pct(spanRatePerSec)})`,
    `lag ms p50 ${lag.p50Ms.toFixed(3)} p90 ${lag.p90Ms.toFixed(3)} p99 ${lag.p99Ms.toFixed(3)} max ${lag.maxMs.toFixed(2)}`,
    `cpu ${cpuPercent.toFixed(0)}%`,
  ].join(' | ');
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const spinMs = Number(process.argv[3] ?? DEFAULT_SPIN_MS);
  const maxSpinShare = Number(process.argv[4] ?? DEFAULT_MAX_SPIN_SHARE);
  const pattern: ArrivalPattern =
    process.argv[5] === 'poisson' ? { kind: 'poisson', seed: 1 } : { kind: 'even' };
  const ratesPerSec = (process.argv[6] ?? '200,1000').split(',').map(Number);
  console.log(
    `pacing check: ${seconds} s per rate, spinMs ${spinMs}, maxSpinShare ${maxSpinShare}, ${pattern.kind} arrivals, Node ${process.version}`,
  );
  for (const ratePerSec of ratesPerSec) {
    // A fresh clock per rate, so the spin-demand estimate starts from zero.
    const clock = createRealClock({ spinMs, maxSpinShare });
    const cpuBefore = process.cpuUsage();
    const result = await runArrivals({
      arrivals: planArrivals(constantArrivalRate(ratePerSec, seconds * 1000), pattern),
      maxInFlight: 200,
      gracefulStopMs: 1000,
      clock,
      iterate: async () => {},
    });
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPercent = ((cpu.user + cpu.system) / 1000 / result.durationMs) * 100;
    console.log(formatPacingLine(ratePerSec, result, cpuPercent));
  }
}

await main();
