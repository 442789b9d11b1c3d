import { describe, expect, it } from 'vitest';
import { SuiteJunitReporter } from './suite-junit-reporter.js';
import { junitEnabled, suiteReporters } from './suite-reporters.js';

describe('suiteReporters', () => {
  it('adds the JUnit reporter writing RESULTS_DIR/junit.xml when CI or JUNIT is set', () => {
    const ci = suiteReporters({ CI: 'true', RESULTS_DIR: 'out' }).at(-1);
    expect(ci).toBeInstanceOf(SuiteJunitReporter);
    expect((ci as SuiteJunitReporter).outputFile).toBe('out/junit.xml');
    const junit = suiteReporters({ JUNIT: '1' }).at(-1);
    expect((junit as SuiteJunitReporter).outputFile).toBe('results/junit.xml');
  });

  it('keeps Vitest default reporter first and adds no JUnit without CI or JUNIT', () => {
    const reporters = suiteReporters({});
    expect(reporters[0]).toBe('default');
    expect(reporters).toHaveLength(3);
  });

  it('reads CI=false and JUNIT=0 as off', () => {
    expect(junitEnabled({ CI: 'false', JUNIT: '0' })).toBe(false);
    expect(junitEnabled({ CI: '' })).toBe(false);
  });
});
