import { basename, extname, resolve } from 'node:path';
import { parseSyntheticDescription, type SyntheticDescription } from './synthetic-description.js';

/** What `WORKLOAD` names. */
export type WorkloadSource =
  | { kind: 'fixture'; tag: string }
  | { kind: 'synthetic'; description: SyntheticDescription }
  | { kind: 'dataset'; path: string; format: 'jsonl' | 'sharegpt' };

export type WorkloadSourceResult =
  | { ok: true; source: WorkloadSource }
  | { ok: false; problems: string[] };

const FIXTURE_TAG = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Reads `WORKLOAD`: text with `=` is a GuideLLM synthetic description; a bare tag
 * (`short`, `cot`) is a prompt fixture; anything else is a dataset file, `.jsonl` (one OpenAI
 * `messages` array per line) or `.json` (ShareGPT). Paths resolve against `cwd`.
 */
export function parseWorkloadSource(text: string, cwd = process.cwd()): WorkloadSourceResult {
  const trimmed = text.trim();
  if (trimmed.includes('=')) {
    const parsed = parseSyntheticDescription(trimmed);
    return parsed.ok
      ? { ok: true, source: { kind: 'synthetic', description: parsed.description } }
      : { ok: false, problems: parsed.problems.map((p) => `WORKLOAD: ${p}`) };
  }
  if (FIXTURE_TAG.test(trimmed)) return { ok: true, source: { kind: 'fixture', tag: trimmed } };
  const extension = extname(trimmed).toLowerCase();
  if (extension !== '.jsonl' && extension !== '.json') {
    return {
      ok: false,
      problems: [
        `WORKLOAD must be a prompt fixture tag (short, cot), a synthetic description ` +
          `(prompt_tokens=512,output_tokens=128) or a dataset file ending in .jsonl or .json, ` +
          `got ${JSON.stringify(trimmed)}`,
      ],
    };
  }
  return {
    ok: true,
    source: {
      kind: 'dataset',
      path: resolve(cwd, trimmed),
      format: extension === '.jsonl' ? 'jsonl' : 'sharegpt',
    },
  };
}

/**
 * The `prompt` tag of a workload's samples: the fixture tag, `synthetic`, or the dataset
 * file's base name without extension, lower-cased, other characters than a-z 0-9 _ - as `-`.
 */
export function workloadName(source: WorkloadSource): string {
  if (source.kind === 'fixture') return source.tag;
  if (source.kind === 'synthetic') return 'synthetic';
  const base = basename(source.path, extname(source.path)).toLowerCase();
  const safe = base.replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return safe === '' ? 'dataset' : safe;
}
