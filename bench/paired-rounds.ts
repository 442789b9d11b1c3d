import type { ChildServer } from './child-server.js';
import { type ClosedLoopResult, runClosedLoop } from './closed-loop.js';
import { cpuPercent, processCpuMs } from './machine-load.js';

/** One timed closed-loop run of one side against one server. */
export interface SideRun {
  /** Work units (events or requests) per second over the run. */
  ratePerSec: number;
  /** Work units done. */
  units: number;
  loop: ClosedLoopResult;
  /** CPU of this (measuring) process over the run, percent of one core. */
  benchCpuPct: number;
  /** CPU of the server process over the run, percent of one core. */
  serverCpuPct: number;
}

/** The two sides of a comparison, run alternately. */
export interface PairedRounds {
  ours: SideRun[];
  bare: SideRun[];
  /** ours / bare rate, per round. */
  ratios: number[];
}

/** Loop settings shared by both sides. */
export interface PairedLoopSettings {
  server: ChildServer;
  rounds: number;
  workers: number;
  durationMs: number;
  maxIterations: number;
  /** Work units one successful iteration does (events of one stream, or 1 request). */
  unitsPerIteration: number;
  /** Called before each timed run (e.g. to start a fresh metric store, as a new run would). */
  onRunStart?: (side: 'ours' | 'bare') => void;
}

/**
 * Runs our side and the bare side `rounds` times each, alternating which goes first (ours,
 * bare / bare, ours / ...), so drift in machine load hits both alike. Each run is a closed
 * loop of `workers` iterations in flight for `durationMs`.
 */
export async function runPairedRounds(
  settings: PairedLoopSettings,
  ours: (signal: AbortSignal) => Promise<void>,
  bare: (signal: AbortSignal) => Promise<void>,
): Promise<PairedRounds> {
  const result: PairedRounds = { ours: [], bare: [], ratios: [] };
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const);
    for (const side of order) {
      settings.onRunStart?.(side);
      result[side].push(await timedRun(settings, side === 'ours' ? ours : bare));
    }
    const o = result.ours[round] as SideRun;
    const b = result.bare[round] as SideRun;
    result.ratios.push(o.ratePerSec / b.ratePerSec);
  }
  return result;
}

async function timedRun(
  settings: PairedLoopSettings,
  iterate: (signal: AbortSignal) => Promise<void>,
): Promise<SideRun> {
  const serverCpuBefore = await settings.server.cpuMs();
  const cpuBefore = processCpuMs();
  const loop = await runClosedLoop({
    workers: settings.workers,
    durationMs: settings.durationMs,
    maxIterations: settings.maxIterations,
    graceMs: 20_000,
    iterate,
  });
  const benchCpuMs = processCpuMs() - cpuBefore;
  const serverCpuMs = (await settings.server.cpuMs()) - serverCpuBefore;
  const units = loop.completed * settings.unitsPerIteration;
  return {
    ratePerSec: (units * 1000) / loop.elapsedMs,
    units,
    loop,
    benchCpuPct: cpuPercent(benchCpuMs, loop.elapsedMs),
    serverCpuPct: cpuPercent(serverCpuMs, loop.elapsedMs),
  };
}

/** Median of values (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Medians over the rounds, for figures and goals. */
export interface PairedSummary {
  oursRatePerSec: number;
  bareRatePerSec: number;
  /** Median of the per-round ratios ours / bare. */
  ratio: number;
  /** Per round, in run order: our rate, the bare rate, and their ratio. */
  oursRatesPerSec: number[];
  bareRatesPerSec: number[];
  ratios: number[];
  oursBenchCpuPct: number;
  bareBenchCpuPct: number;
  oursServerCpuPct: number;
  bareServerCpuPct: number;
  /** Failed iterations over all runs, and the first failure. */
  errors: number;
  firstError: string | null;
}

export function summarizePaired(paired: PairedRounds): PairedSummary {
  const runs = [...paired.ours, ...paired.bare];
  return {
    oursRatePerSec: median(paired.ours.map((r) => r.ratePerSec)),
    bareRatePerSec: median(paired.bare.map((r) => r.ratePerSec)),
    ratio: median(paired.ratios),
    oursRatesPerSec: paired.ours.map((r) => r.ratePerSec),
    bareRatesPerSec: paired.bare.map((r) => r.ratePerSec),
    ratios: [...paired.ratios],
    oursBenchCpuPct: median(paired.ours.map((r) => r.benchCpuPct)),
    bareBenchCpuPct: median(paired.bare.map((r) => r.benchCpuPct)),
    oursServerCpuPct: median(paired.ours.map((r) => r.serverCpuPct)),
    bareServerCpuPct: median(paired.bare.map((r) => r.serverCpuPct)),
    errors: runs.reduce((sum, r) => sum + r.loop.errors, 0),
    firstError: runs.find((r) => r.loop.firstError !== null)?.loop.firstError ?? null,
  };
}

/**
 * True when the server, not the client, limits the rate: it used at least 90 % of a core
 * while the bench process had room left on its own.
 */
export function serverIsBottleneck(summary: PairedSummary): boolean {
  return summary.oursServerCpuPct >= 90 && summary.oursBenchCpuPct < 90;
}
