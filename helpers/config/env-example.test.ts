import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { optionEnvName, SIMULATOR_OPTION_TABLE } from '../simulator/simulator-option-table.js';
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

describe('README.md', () => {
  it('documents every knob the config reads', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const missing = variablesRead().filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('documents every SIM_* variable of the simulator', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const missing = SIMULATOR_OPTION_TABLE.map((spec) => optionEnvName(spec.key)).filter(
      (name) => !readme.includes(`\`${name}\``),
    );
    expect(missing).toEqual([]);
  });
});
