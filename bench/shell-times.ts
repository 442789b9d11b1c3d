/** CPU time of a shell's reaped children, as POSIX `times` prints it. */
export interface ChildrenCpu {
  userS: number;
  sysS: number;
}

const TIME = /(\d+)m(\d+(?:\.\d+)?)s/g;

/**
 * Reads the output of the shell builtin `times`: line 1 is the shell's own user and system
 * time, line 2 its children's (every process it waited for, with the descendants they
 * waited for). Accepts dash's `0m6.940000s` and bash's `0m6.940s`.
 */
export function parseShellTimes(text: string): ChildrenCpu {
  const line = text.trim().split('\n')[1] ?? '';
  const times = [...line.matchAll(TIME)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (times.length !== 2) {
    throw new Error(
      `shell times: expected a second line like "0m6.940000s 0m1.360000s" (children's user and system time), got ${JSON.stringify(text.slice(0, 200))}`,
    );
  }
  return { userS: times[0] as number, sysS: times[1] as number };
}
