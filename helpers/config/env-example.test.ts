import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import {
  formatDefault,
  optionEnvName,
  optionFlag,
  SIMULATOR_OPTION_TABLE,
} from '../simulator/simulator-option-table.js';
import { readSuiteConfig } from './suite-config.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Every variable the config reader looks at, found by reading through a recording proxy. */
function variablesRead(): string[] {
  const names = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name === 'string') names.add(name);
      return undefined;
    },
  });
  readSuiteConfig(env);
  return [...names].sort();
}

describe('.env.example', () => {
  const text = readFileSync(resolve(ROOT, '.env.example'), 'utf8');

  it('is valid configuration as it stands', () => {
    const result = readSuiteConfig(parse(text));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('keeps the short simulator profile when copied to .env unchanged', () => {
    const result = readSuiteConfig(parse(text));
    expect(result.ok && result.config.load.profileSource).toBe('simulator-default');
  });

  it('lists every knob the config reads', () => {
    const missing = variablesRead().filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(text));
    expect(missing).toEqual([]);
  });

  it('lists every SIM_* variable of the simulator', () => {
    const missing = SIMULATOR_OPTION_TABLE.map((spec) => optionEnvName(spec.key)).filter(
      (name) => !new RegExp(`^#? ?${name}=`, 'm').test(text),
    );
    expect(missing).toEqual([]);
  });

  it('leaves every SIM_* variable commented out, so a copied .env keeps the defaults', () => {
    expect(text.match(/^SIM_[A-Z0-9_]*=/gm) ?? []).toEqual([]);
  });
});

describe('docs/knobs.md', () => {
  const knobs = readFileSync(resolve(ROOT, 'docs', 'knobs.md'), 'utf8');

  it('documents every knob the config reads', () => {
    const missing = variablesRead().filter((name) => !knobs.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('lists every SIM_* variable of the simulator with its CLI flag and default', () => {
    const missing = SIMULATOR_OPTION_TABLE.map(
      (spec) =>
        `| \`${optionEnvName(spec.key)}\` | \`${optionFlag(spec.key)}\` | ${formatDefault(spec)} |`,
    ).filter((row) => !knobs.includes(row));
    expect(missing).toEqual([]);
  });

  it('is linked from the README', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('](docs/knobs.md)');
  });
});

describe('docs/simulator.md', () => {
  it('has a row for every SIM_* variable of the simulator in its option table', () => {
    const doc = readFileSync(resolve(ROOT, 'docs', 'simulator.md'), 'utf8');
    const missing = SIMULATOR_OPTION_TABLE.map((spec) => optionEnvName(spec.key)).filter(
      (name) => !new RegExp(`^\\|[^|\\n]*\\|[^|\\n]*\\| *\`${name}\` *\\|`, 'm').test(doc),
    );
    expect(missing).toEqual([]);
  });
});
