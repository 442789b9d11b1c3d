import { type ChildProcess, fork, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const CHILD = resolve(import.meta.dirname, 'testing/watched-child.ts');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/** Collects stdout; resolves with it once `text` appears, rejects after `ms`. */
function waitForOutput(child: ChildProcess, text: string, ms: number): Promise<string> {
  let seen = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no "${text}" within ${ms} ms: ${seen}`)), ms);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        done(seen);
      }
    });
  });
}

describe('watchParentProcess', () => {
  it('notices at once when the IPC channel to the parent closes', async () => {
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      detached: true,
    });
    children.push(child);
    await waitForOutput(child, 'watching', 20_000);
    const gone = waitForOutput(child, 'gone:', 2000);
    child.disconnect();
    expect(await gone).toContain(
      `gone: the IPC channel to the parent process (pid ${process.pid}) closed`,
    );
  });

  it('notices within its poll when the parent dies and the child is re-parented', async () => {
    // sh starts the child without an IPC channel and waits; killing sh orphans the child.
    const shell = spawn('sh', ['-c', `"${process.execPath}" --import tsx "${CHILD}" & wait`], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    children.push(shell);
    const watching = await waitForOutput(shell, 'watching', 20_000);
    expect(watching).toContain(`watching ${shell.pid}`);
    const gone = waitForOutput(shell, 'gone:', 2000);
    process.kill(shell.pid as number, 'SIGKILL');
    expect(await gone).toContain(`gone: the parent process (pid ${shell.pid}) is gone`);
  });
});
