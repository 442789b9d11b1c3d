/** One run of the spec path: its CPU and how many requests of each kind it made. */
export interface CpuRun {
  /** CPU time of the whole process tree, s. */
  cpuS: number;
  /** Requests per kind (e.g. `[stream, nonstream]`), the same kinds in every run. */
  requests: readonly number[];
}

/** CPU_s = fixedS + sum of perRequestMs[k] / 1000 * requests[k], by least squares. */
export type CpuFit =
  | {
      kind: 'fitted';
      /** CPU with no request at all (start-up, idle stages, shut-down), s. */
      fixedS: number;
      /** Marginal CPU per request of each kind, ms. */
      perRequestMs: number[];
      /** Root mean square of the runs' residuals, s: how well one line explains them. */
      residualRmsS: number;
    }
  | { kind: 'underdetermined'; reason: string };

/**
 * Fits fixed + marginal CPU per request kind to the runs by ordinary least squares (normal
 * equations, Gaussian elimination with partial pivoting). Underdetermined when there are
 * fewer runs than unknowns or the request counts do not separate the kinds (collinear).
 */
export function fitCpu(runs: readonly CpuRun[]): CpuFit {
  const kinds = runs[0]?.requests.length ?? 0;
  const unknowns = kinds + 1;
  if (runs.some((run) => run.requests.length !== kinds)) {
    return { kind: 'underdetermined', reason: 'runs count different request kinds' };
  }
  if (runs.length < unknowns) {
    return {
      kind: 'underdetermined',
      reason: `${runs.length} runs for ${unknowns} unknowns (fixed + ${kinds} kinds)`,
    };
  }
  const rows = runs.map((run) => [1, ...run.requests]);
  // Normal equations: (X^T X) b = X^T y, augmented with X^T y as the last column.
  const system = Array.from({ length: unknowns }, (_, i) => [
    ...Array.from({ length: unknowns }, (_, j) =>
      rows.reduce((sum, row) => sum + (row[i] as number) * (row[j] as number), 0),
    ),
    rows.reduce((sum, row, r) => sum + (row[i] as number) * (runs[r] as CpuRun).cpuS, 0),
  ]);
  const solution = solve(system);
  if (solution === null) {
    return {
      kind: 'underdetermined',
      reason: 'the request counts do not separate the kinds (collinear runs)',
    };
  }
  const squares = rows.reduce((sum, row, r) => {
    const predicted = row.reduce((acc, x, j) => acc + x * (solution[j] as number), 0);
    return sum + ((runs[r] as CpuRun).cpuS - predicted) ** 2;
  }, 0);
  return {
    kind: 'fitted',
    fixedS: solution[0] as number,
    perRequestMs: solution.slice(1).map((perRequestS) => perRequestS * 1000),
    residualRmsS: Math.sqrt(squares / runs.length),
  };
}

/** Solves an augmented n x (n+1) system in place; null when (nearly) singular. */
function solve(system: number[][]): number[] | null {
  const n = system.length;
  const scale = Math.max(1, ...system.flat().map(Math.abs));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(system[r]![col]!) > Math.abs(system[pivot]![col]!)) pivot = r;
    }
    if (Math.abs(system[pivot]![col]!) <= scale * 1e-12) return null;
    [system[col], system[pivot]] = [system[pivot]!, system[col]!];
    const lead = system[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = system[r]!;
      const factor = row[col]! / lead[col]!;
      for (let c = col; c <= n; c++) row[c] = row[c]! - factor * lead[c]!;
    }
  }
  return system.map((row, i) => row[n]! / row[i]!);
}
