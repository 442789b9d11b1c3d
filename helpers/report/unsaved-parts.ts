import type { ScenarioPart, ScenarioProgressFile } from '../scenario/scenario-part.js';

/**
 * One sentence per scenario whose worker never saved its final results (its part still says
 * `running` when the reports are written): whether the worker is gone (killed, crashed) or
 * still running (it did not answer in time), and how old the figures shown are. Without it a
 * killed worker reads as a scenario "running" with the counts of its last snapshot.
 */
export function unsavedPartProblems(
  parts: readonly ScenarioPart[],
  progress: readonly ScenarioProgressFile[],
  options: { endedEpochMs: number; isAlive?: (pid: number) => boolean },
): string[] {
  const isAlive = options.isAlive ?? processIsAlive;
  const problems: string[] = [];
  for (const part of parts) {
    if (part.state !== 'running') continue;
    const label = `${part.scenario}/${part.prompt}`;
    const pid = progress.find((p) => p.scenario === part.scenario && p.prompt === part.prompt)?.pid;
    const what =
      pid === undefined
        ? 'its worker never saved its final results'
        : isAlive(pid)
          ? `its worker (pid ${pid}) had not saved its final results in time`
          : `its worker (pid ${pid}) ended without saving its final results (killed or crashed)`;
    // The samples it flushed are shown (collectRunResults says how many); without a samples
    // file there are none.
    const shown =
      part.samplesFile === null
        ? '; it wrote no samples file, so its requests are not counted'
        : '';
    problems.push(`${label}: ${what}${shown}; not judged`);
  }
  return problems;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
