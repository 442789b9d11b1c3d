import { describe, expect, it } from 'vitest';
import { runTimedCommand } from './run-timed-command.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const run = (script: string, timeoutMs = 30_000) =>
  runTimedCommand({
    command: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    env,
    timeoutMs,
  });

// A grandchild that burns 300 ms of CPU, forked and waited for by the command (as Vitest's workers).
const BURN_IN_GRANDCHILD = `
const { spawnSync } = require('node:child_process');
const burn = 'const t = process.cpuUsage(); while ((process.cpuUsage(t).user + process.cpuUsage(t).system) < 300000) {}';
spawnSync(process.execPath, ['-e', burn], { stdio: 'inherit' });
`;

describe('runTimedCommand', () => {
  it("counts the CPU of the command's descendants it waited for", async () => {
    const result = await run(BURN_IN_GRANDCHILD);
    expect(result.kind).toBe('exited-ok');
    if (result.kind !== 'exited-ok') return;
    // 300 ms in the grandchild alone; the two Node start-ups add more.
    expect(result.cpuS).toBeGreaterThanOrEqual(0.3);
    expect(result.cpuS).toBeCloseTo(result.userS + result.sysS, 9);
  });

  it('fails with the exit code and the end of stderr', async () => {
    const result = await run("process.stderr.write('bad knob\\n'); process.exit(3)");
    expect(result).toMatchObject({
      kind: 'failed',
      reason: 'exited with code 3, signal null',
      stderrTail: 'bad knob\n',
    });
  });

  it('stops a command that outlives its time and fails', async () => {
    const startMs = performance.now();
    const result = await run('setTimeout(() => {}, 60_000)', 500);
    expect(result).toMatchObject({
      kind: 'failed',
      reason: 'did not finish within 0.5 s; stopped',
    });
    expect(performance.now() - startMs).toBeLessThan(10_000);
  });
});
