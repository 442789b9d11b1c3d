import type { CapacityResult, CapacityStep } from './capacity-result.js';

/**
 * The step table of one search, plain ASCII: offered load, achieved throughput, p50/p95 TTFT,
 * p50 TPOT, goodput, verdict, and what decided it; then the result line.
 */
export function formatCapacityTable(result: CapacityResult): string[] {
  const unit = result.unit;
  const rows: string[][] = [
    [
      'step',
      `offered (${unit})`,
      'achieved req/s',
      'n',
      'TTFT p50',
      'TTFT p95',
      'TPOT p50',
      'goodput',
      'verdict',
      'decided by',
    ],
  ];
  result.steps.forEach((s, i) => {
    rows.push([
      `${i + 1} ${s.phase}`,
      offered(s, unit),
      num(s.throughputPerSec),
      String(s.requests),
      ms(s.ttftP50Ms),
      ms(s.ttftP95Ms),
      ms(s.tpotP50Ms),
      s.goodputShare === null ? '-' : `${num(s.goodputShare * 100)}%`,
      s.segments > 1 ? `${s.verdict} (x${s.segments})` : s.verdict,
      s.decidedBy ?? '',
    ]);
  });
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const lines = [`Capacity of ${result.scenario}/${result.prompt} (${result.slas.join('; ')})`];
  for (const row of rows) {
    lines.push(
      `  ${row
        .map((cell, c) =>
          c === row.length - 1
            ? cell
            : c === 0 || c === 8
              ? cell.padEnd(widths[c] ?? 0)
              : cell.padStart(widths[c] ?? 0),
        )
        .join('  ')}`.trimEnd(),
    );
  }
  lines.push(`  ${formatCapacityLine(result)}`);
  return lines;
}

/** `chat_stream/short sustains 13.1 req/s within its SLAs; fails at 14.4 req/s (sla: ...)` */
export function formatCapacityLine(result: CapacityResult): string {
  const label = `${result.scenario}/${result.prompt}`;
  const head =
    result.sustained === null
      ? `${label} sustains no load within its SLAs: ${result.reason}`
      : `${label} sustains ${num(result.sustained)} ${result.unit} within its SLAs`;
  const limit =
    result.failedAt === null
      ? `; limited by ${result.limitedBy.kind}: ${result.limitedBy.detail}`
      : `; fails at ${num(result.failedAt)} ${result.unit} (${result.limitedBy.kind}: ${result.limitedBy.detail})`;
  return result.sustained === null && result.failedAt === null ? head : `${head}${limit}`;
}

function offered(step: CapacityStep, unit: CapacityResult['unit']): string {
  if (step.model === 'users' && unit === 'req/s') return `1 user = ${num(step.load)}`;
  return num(step.load);
}

function ms(value: number | null): string {
  return value === null ? '-' : `${num(value)} ms`;
}

/** 3 significant digits, whole numbers from 100 on. */
function num(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : String(Number(value.toPrecision(3)));
}
