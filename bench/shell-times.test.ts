import { describe, expect, it } from 'vitest';
import { parseShellTimes } from './shell-times.js';

describe('parseShellTimes', () => {
  it("reads the children's line of dash's times", () => {
    expect(parseShellTimes('0m0.000000s 0m0.004000s\n0m6.940000s 0m1.360000s\n')).toEqual({
      userS: 6.94,
      sysS: 1.36,
    });
  });

  it("reads bash's format and whole minutes", () => {
    expect(parseShellTimes('0m0.001s 0m0.002s\n2m3.500s 0m0.250s\n')).toEqual({
      userS: 123.5,
      sysS: 0.25,
    });
  });

  it('names the expected form when the second line is missing', () => {
    expect(() => parseShellTimes('0m0.000000s 0m0.000000s\n')).toThrow(
      /expected a second line like "0m6.940000s 0m1.360000s"/,
    );
  });
});
