import { MetricsError } from './metrics-error.js';
import { METRIC_NAMES, TAG_KEYS } from './record-sample.js';

/** A metric, or a k6 sub-metric: the points of `metric` whose tags contain every pair. */
export interface MetricSelector {
  /** Metric name. */
  readonly metric: string;
  /** Required tag values; tags not listed are free. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Options of `parseSelector`. */
export interface ParseSelectorOptions {
  /** Metric names accepted; default every metric of the public contract. */
  metrics?: readonly string[];
  /** Tag keys accepted; default scenario, prompt, status, model, stream, outcome. */
  tagKeys?: readonly string[];
}

const EXAMPLE = 'llm_ttft_ms{scenario:chat_stream,status:200}';

/**
 * Parses a k6 selector such as `llm_ttft_ms{scenario:chat_stream,status:200}`. Whitespace
 * around names, tags and values is ignored; a value runs to the next `,` or `}` and may
 * contain `:` (`model:llama3:8b`). Throws `MetricsError` naming the part that is wrong.
 */
export function parseSelector(text: string, options: ParseSelectorOptions = {}): MetricSelector {
  const metrics = options.metrics ?? METRIC_NAMES;
  const tagKeys = options.tagKeys ?? TAG_KEYS;
  const fail = (
    code: ConstructorParameters<typeof MetricsError>[0],
    problem: string,
    position: number | null,
  ): MetricsError =>
    new MetricsError(code, `Selector "${text}": ${problem}`, {
      input: text,
      position,
      example: EXAMPLE,
    });

  if (text.trim() === '') throw fail('selector-empty', 'is empty; name a metric.', null);

  const open = text.indexOf('{');
  const close = text.indexOf('}');
  if (close !== -1 && (open === -1 || close < open)) {
    throw fail('selector-unbalanced-braces', `"}" at column ${close + 1} has no "{".`, close);
  }
  const nameEnd = open === -1 ? text.length : open;
  const metric = text.slice(0, nameEnd).trim();
  const nameStart = text.length - text.trimStart().length;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(metric)) {
    throw fail(
      'selector-bad-metric-name',
      `"${metric}" is not a metric name (letters, digits and _; tags go in {}).`,
      nameStart,
    );
  }
  if (!metrics.includes(metric)) {
    throw fail(
      'selector-unknown-metric',
      `unknown metric "${metric}"${suggest(metric, metrics)}. Known metrics: ${metrics.join(', ')}.`,
      nameStart,
    );
  }
  if (open === -1) return { metric, tags: {} };

  if (close === -1) {
    throw fail('selector-unbalanced-braces', `"{" at column ${open + 1} is never closed.`, open);
  }
  const nestedOpen = text.indexOf('{', open + 1);
  if (nestedOpen !== -1 && nestedOpen < close) {
    throw fail('selector-unbalanced-braces', 'a second "{" before "}".', nestedOpen);
  }
  const after = text.slice(close + 1);
  if (after.trim() !== '') {
    const at = close + 1 + (after.length - after.trimStart().length);
    throw fail('selector-unbalanced-braces', `unexpected text after "}".`, at);
  }
  const body = text.slice(open + 1, close);
  if (body.trim() === '') {
    throw fail('selector-empty-tag-list', 'empty {}; drop the braces or add tag:value.', open);
  }

  const tags: Record<string, string> = {};
  let partStart = open + 1;
  for (const part of body.split(',')) {
    const at = partStart + (part.length - part.trimStart().length);
    partStart += part.length + 1;
    const colon = part.indexOf(':');
    const name = (colon === -1 ? part : part.slice(0, colon)).trim();
    const value = colon === -1 ? '' : part.slice(colon + 1).trim();
    if (name === '') {
      throw fail('selector-tag-without-value', 'a tag has no name; write tag:value.', at);
    }
    if (value === '') {
      throw fail(
        'selector-tag-without-value',
        `tag "${name}" has no value; write ${name}:VALUE.`,
        at,
      );
    }
    if (!tagKeys.includes(name)) {
      throw fail(
        'selector-unknown-tag',
        `unknown tag "${name}"${suggest(name, tagKeys)}. Known tags: ${tagKeys.join(', ')}.`,
        at,
      );
    }
    if (Object.hasOwn(tags, name)) {
      throw fail('selector-duplicate-tag', `tag "${name}" is given twice; keep one.`, at);
    }
    tags[name] = value;
  }
  return { metric, tags };
}

/** Canonical text of a selector: `metric{tag:value,...}`, tags in the order given. */
export function formatSelector(selector: MetricSelector): string {
  const pairs = Object.entries(selector.tags).map(([name, value]) => `${name}:${value}`);
  return pairs.length === 0 ? selector.metric : `${selector.metric}{${pairs.join(',')}}`;
}

function suggest(word: string, candidates: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = 3; // farther than 2 edits is not a typo
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best === null ? '' : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
    }
    prev = row;
  }
  return prev[b.length] as number;
}
