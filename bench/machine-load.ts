import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** 1-minute load average of the machine (other sessions included), to 2 decimals. */
export function loadAverage1m(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/** CPU time this process has used so far (user + system), ms. */
export function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Share of one core, percent, used over `wallMs` by `cpuMs` of CPU time. */
export function cpuPercent(cpuMs: number, wallMs: number): number {
  return wallMs > 0 ? (cpuMs / wallMs) * 100 : Number.NaN;
}

/** How busy the machine was while a case ran. */
export interface MachineLoad {
  /** 1-minute load average when the case started. */
  loadAverage1m: number;
  /**
   * Share of the case's wall time in which some task waited for a CPU (Linux PSI
   * `/proc/pressure/cpu` "some"), percent; null where PSI is not available.
   */
  cpuPressurePct: number | null;
}

/** Total time some task waited for a CPU since boot, µs (Linux PSI); null when unavailable. */
export function cpuPressureTotalUs(read: () => string = readPressureFile): number | null {
  try {
    const some = read()
      .split('\n')
      .find((line) => line.startsWith('some '));
    const total = some?.match(/total=(\d+)/)?.[1];
    return total === undefined ? null : Number(total);
  } catch {
    return null;
  }
}

function readPressureFile(): string {
  return readFileSync('/proc/pressure/cpu', 'utf8');
}

/** Starts watching the machine's load; `end()` returns it for the time in between. */
export function watchMachineLoad(): { end(): MachineLoad } {
  const loadAverage = loadAverage1m();
  const startMs = performance.now();
  const startUs = cpuPressureTotalUs();
  return {
    end() {
      const endUs = cpuPressureTotalUs();
      const wallUs = (performance.now() - startMs) * 1000;
      return {
        loadAverage1m: loadAverage,
        cpuPressurePct:
          startUs === null || endUs === null || wallUs <= 0
            ? null
            : ((endUs - startUs) / wallUs) * 100,
      };
    },
  };
}
