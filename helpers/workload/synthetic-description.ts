import type { WorkloadRandom } from './workload-random.js';

/** A token-length distribution in GuideLLM's terms: a mean, a spread and bounds. */
export interface LengthDistribution {
  /** Mean tokens (`prompt_tokens`, `output_tokens`). */
  mean: number;
  /** Standard deviation (`*_stdev`); null: no spread (uniform between min and max). */
  stdev: number | null;
  /** Lower bound (`*_min`); GuideLLM's default: max(1, mean - 5 stdev), or mean. */
  min: number;
  /** Upper bound (`*_max`); GuideLLM's default: mean + 5 stdev, or mean. */
  max: number;
}

/** A GuideLLM synthetic data description: `prompt_tokens=512,output_tokens=128,...`. */
export interface SyntheticDescription {
  /** The text as given (whitespace removed). */
  text: string;
  promptTokens: LengthDistribution;
  /** Null when `output_tokens` is not given: the server decides (or MAX_TOKENS). */
  outputTokens: LengthDistribution | null;
  /** Distinct prompts generated (`samples`); requests cycle through them. */
  samples: number;
}

/** The keys we take, with GuideLLM's names. */
export const SYNTHETIC_KEYS = [
  'prompt_tokens',
  'prompt_tokens_stdev',
  'prompt_tokens_min',
  'prompt_tokens_max',
  'output_tokens',
  'output_tokens_stdev',
  'output_tokens_min',
  'output_tokens_max',
  'samples',
] as const;

type SyntheticKey = (typeof SYNTHETIC_KEYS)[number];

/** GuideLLM keys we know but do not implement, and what to do instead. */
const UNSUPPORTED_KEYS: Readonly<Record<string, string>> = {
  turns: 'use TURNS=N instead',
  source: 'prompts come from the built-in seeded word source (set SEED)',
  prefix_tokens: 'shared prefixes are not generated; use a dataset file',
  prefix_count: 'shared prefixes are not generated; use a dataset file',
  prefix_buckets: 'shared prefixes are not generated; use a dataset file',
};

/** GuideLLM's default number of samples. */
export const DEFAULT_SAMPLES = 1000;

export type SyntheticParseResult =
  | { ok: true; description: SyntheticDescription }
  | { ok: false; problems: string[] };

/**
 * Parses `key=value,key=value` with GuideLLM's key names; every value a whole number > 0.
 * Unknown keys are refused with the list of known ones; all problems are returned at once.
 */
export function parseSyntheticDescription(input: string): SyntheticParseResult {
  const text = input.replace(/\s+/g, '');
  const problems: string[] = [];
  const values = new Map<SyntheticKey, number>();
  for (const pair of text.split(',')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const raw = eq === -1 ? '' : pair.slice(eq + 1);
    if (!(SYNTHETIC_KEYS as readonly string[]).includes(key)) {
      const hint = UNSUPPORTED_KEYS[key];
      problems.push(
        hint === undefined
          ? `unknown key "${key}"; known keys: ${SYNTHETIC_KEYS.join(', ')}`
          : `GuideLLM's "${key}" is not supported here: ${hint}`,
      );
      continue;
    }
    if (values.has(key as SyntheticKey)) {
      problems.push(`"${key}" is given twice`);
      continue;
    }
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
      problems.push(`"${key}" must be a whole number >= 1, got ${JSON.stringify(raw)}`);
      continue;
    }
    values.set(key as SyntheticKey, Number(raw));
  }
  if (!values.has('prompt_tokens') && !problems.some((p) => p.includes('"prompt_tokens"'))) {
    problems.push('"prompt_tokens" is required, e.g. prompt_tokens=512,output_tokens=128');
  }
  const outputKeys = ['output_tokens_stdev', 'output_tokens_min', 'output_tokens_max'] as const;
  if (!values.has('output_tokens') && outputKeys.some((key) => values.has(key))) {
    problems.push('"output_tokens" is required when output_tokens_stdev, _min or _max is given');
  }
  const promptTokens = distribution(values, 'prompt_tokens', problems);
  const outputTokens = values.has('output_tokens')
    ? distribution(values, 'output_tokens', problems)
    : null;
  if (problems.length > 0 || promptTokens === null) return { ok: false, problems };
  return {
    ok: true,
    description: {
      text,
      promptTokens,
      outputTokens,
      samples: values.get('samples') ?? DEFAULT_SAMPLES,
    },
  };
}

function distribution(
  values: ReadonlyMap<SyntheticKey, number>,
  prefix: 'prompt_tokens' | 'output_tokens',
  problems: string[],
): LengthDistribution | null {
  const mean = values.get(prefix);
  if (mean === undefined) return null;
  const stdev = values.get(`${prefix}_stdev`) ?? null;
  const min =
    values.get(`${prefix}_min`) ?? (stdev === null ? mean : Math.max(1, mean - 5 * stdev));
  const max = values.get(`${prefix}_max`) ?? (stdev === null ? mean : mean + 5 * stdev);
  if (min > max) {
    problems.push(`${prefix}_min (${min}) must not exceed ${prefix}_max (${max})`);
    return null;
  }
  return { mean, stdev, min, max };
}

/**
 * One length from the distribution, as GuideLLM's IntegerRangeSampler draws it: the bound
 * when min = max; uniform between min and max without a stdev; else a normal draw clamped to
 * [min, max] and rounded.
 */
export function drawLength(d: LengthDistribution, random: WorkloadRandom): number {
  if (d.min === d.max) return d.min;
  if (d.stdev === null) return random.int(d.min, d.max);
  return Math.round(Math.max(d.min, Math.min(d.max, random.normal(d.mean, d.stdev))));
}
