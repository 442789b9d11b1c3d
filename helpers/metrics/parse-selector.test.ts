import { describe, expect, it } from 'vitest';
import { MetricsError } from './metrics-error.js';
import { formatSelector, parseSelector } from './parse-selector.js';

function errorOf(text: string): MetricsError {
  try {
    parseSelector(text);
  } catch (error) {
    if (error instanceof MetricsError) return error;
    throw error;
  }
  throw new Error(`parseSelector(${JSON.stringify(text)}) did not throw`);
}

describe('parseSelector', () => {
  it('parses a bare metric name with no tags', () => {
    expect(parseSelector('llm_ttft_ms')).toEqual({ metric: 'llm_ttft_ms', tags: {} });
  });

  it('parses a k6 sub-metric with several tags', () => {
    expect(parseSelector('llm_ttft_ms{scenario:chat_stream,prompt:short,status:200}')).toEqual({
      metric: 'llm_ttft_ms',
      tags: { scenario: 'chat_stream', prompt: 'short', status: '200' },
    });
  });

  it('ignores whitespace around the name, braces, tags and values', () => {
    expect(parseSelector('  llm_ttft_ms { scenario : chat_stream , status: 200 }  ')).toEqual({
      metric: 'llm_ttft_ms',
      tags: { scenario: 'chat_stream', status: '200' },
    });
  });

  it('keeps colons after the first one as part of the value', () => {
    expect(parseSelector('llm_total_ms{model:llama3:8b}').tags).toEqual({ model: 'llama3:8b' });
  });

  it('rejects empty text', () => {
    expect(errorOf('   ').code).toBe('selector-empty');
  });

  it('rejects an unknown metric, suggests the closest name and lists the known ones', () => {
    const error = errorOf('lm_ttft_ms{scenario:chat_stream}');
    expect(error.code).toBe('selector-unknown-metric');
    expect(error.message).toContain('unknown metric "lm_ttft_ms"');
    expect(error.message).toContain('did you mean "llm_ttft_ms"?');
    expect(error.message).toContain('Known metrics: llm_ttfb_ms, llm_ttft_ms');
    expect(error.message).toContain('dropped_iterations');
  });

  it('rejects an opening brace that is never closed and points at it', () => {
    const error = errorOf('llm_ttft_ms{scenario:chat_stream');
    expect(error.code).toBe('selector-unbalanced-braces');
    expect(error.position).toBe(11);
    expect(error.message).toContain('"{" at column 12 is never closed');
    expect(error.message).toContain(`\n  ${' '.repeat(11)}^`);
  });

  it('rejects a closing brace without an opening one', () => {
    const error = errorOf('llm_ttft_ms scenario:chat_stream}');
    expect(error.code).toBe('selector-unbalanced-braces');
    expect(error.message).toContain('has no "{"');
  });

  it('rejects a nested opening brace', () => {
    expect(errorOf('llm_ttft_ms{scenario:{chat}').code).toBe('selector-unbalanced-braces');
  });

  it('rejects text after the closing brace', () => {
    const error = errorOf('llm_ttft_ms{status:200}}');
    expect(error.code).toBe('selector-unbalanced-braces');
    expect(error.position).toBe(23);
  });

  it('rejects empty braces', () => {
    expect(errorOf('llm_ttft_ms{ }').code).toBe('selector-empty-tag-list');
  });

  it('rejects a tag without a value, with or without a colon', () => {
    const withColon = errorOf('llm_ttft_ms{scenario:chat_stream,status:}');
    expect(withColon.code).toBe('selector-tag-without-value');
    expect(withColon.message).toContain('tag "status" has no value; write status:VALUE');
    expect(withColon.position).toBe(33);
    expect(errorOf('llm_ttft_ms{status}').code).toBe('selector-tag-without-value');
  });

  it('rejects a tag without a name', () => {
    expect(errorOf('llm_ttft_ms{:200}').code).toBe('selector-tag-without-value');
  });

  it('rejects a duplicate tag', () => {
    const error = errorOf('llm_ttft_ms{status:200,status:500}');
    expect(error.code).toBe('selector-duplicate-tag');
    expect(error.message).toContain('tag "status" is given twice');
  });

  it('rejects an unknown tag and suggests the closest known one', () => {
    const error = errorOf('llm_ttft_ms{secnario:chat_stream}');
    expect(error.code).toBe('selector-unknown-tag');
    expect(error.message).toContain('did you mean "scenario"?');
    expect(error.message).toContain('Known tags: scenario, prompt, status, model, stream, outcome');
  });

  it('rejects a name that is not an identifier', () => {
    expect(errorOf('p(95)<1000').code).toBe('selector-bad-metric-name');
  });

  it('shows a valid example in every error', () => {
    expect(errorOf('nope').message).toContain(
      'Valid example: llm_ttft_ms{scenario:chat_stream,status:200}',
    );
  });

  it('accepts custom metric and tag lists', () => {
    const parsed = parseSelector('my_metric{region:eu}', {
      metrics: ['my_metric'],
      tagKeys: ['region'],
    });
    expect(parsed).toEqual({ metric: 'my_metric', tags: { region: 'eu' } });
  });
});

describe('formatSelector', () => {
  it('writes the canonical text that parses back to the same selector', () => {
    const text = formatSelector(
      parseSelector(' llm_ttft_ms { scenario: chat_stream , status:200 } '),
    );
    expect(text).toBe('llm_ttft_ms{scenario:chat_stream,status:200}');
    expect(formatSelector(parseSelector('http_reqs'))).toBe('http_reqs');
  });
});
