import { describe, expect, it } from 'vitest';
import { cpuPercent, cpuPressureTotalUs } from './machine-load.js';

describe('cpuPressureTotalUs', () => {
  it('reads the "some" total of Linux PSI', () => {
    const text =
      'some avg10=5.46 avg60=10.12 avg300=11.44 total=218542342\n' +
      'full avg10=0.00 avg60=0.00 avg300=0.00 total=7\n';
    expect(cpuPressureTotalUs(() => text)).toBe(218_542_342);
  });

  it('gives null when the file is missing or has no "some" line', () => {
    expect(
      cpuPressureTotalUs(() => {
        throw new Error('ENOENT');
      }),
    ).toBeNull();
    expect(cpuPressureTotalUs(() => 'full total=1\n')).toBeNull();
  });
});

describe('cpuPercent', () => {
  it('is CPU time per wall time, in percent of one core', () => {
    expect(cpuPercent(500, 1000)).toBe(50);
    expect(cpuPercent(1500, 1000)).toBe(150);
    expect(cpuPercent(1, 0)).toBeNaN();
  });
});
