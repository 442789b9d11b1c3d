import { describe, expect, it } from 'vitest';
import { chatRequestCounts } from './chat-request-counts.js';

describe('chatRequestCounts', () => {
  it('sums the prompts of each scenario and ignores the untagged total', () => {
    const summary = {
      metrics: {
        http_reqs: { count: 1000, rate: 50 },
        'http_reqs{scenario:chat_stream,prompt:cot}': { count: 61, rate: 3 },
        'http_reqs{scenario:chat_stream,prompt:short}': { count: 62, rate: 3 },
        'http_reqs{scenario:chat_nonstream,prompt:cot}': { count: 7, rate: 1 },
        'http_reqs{scenario:chat_nonstream,prompt:short}': { count: 8, rate: 1 },
        'http_req_duration{scenario:chat_stream,prompt:cot}': { count: 999 },
      },
    };
    expect(chatRequestCounts(summary, 'summary.json')).toEqual({ stream: 123, nonstream: 15 });
  });

  it('takes the per-scenario count when the summary has one', () => {
    const summary = {
      metrics: {
        'http_reqs{scenario:chat_stream}': { count: 40 },
        'http_reqs{scenario:chat_stream,prompt:short}': { count: 40 },
        'http_reqs{scenario:chat_nonstream}': { count: 2 },
      },
    };
    expect(chatRequestCounts(summary, 'summary.json')).toEqual({ stream: 40, nonstream: 2 });
  });

  it('names the file and the keys it has when a scenario has no count', () => {
    const summary = { metrics: { 'http_reqs{scenario:chat_stream,prompt:short}': { count: 4 } } };
    expect(() => chatRequestCounts(summary, '/tmp/r/summary.json')).toThrow(
      '/tmp/r/summary.json: no http_reqs count for scenario:chat_nonstream (http_reqs keys: http_reqs{scenario:chat_stream,prompt:short})',
    );
  });

  it('refuses a file without metrics', () => {
    expect(() => chatRequestCounts({}, 'x.json')).toThrow('x.json: no "metrics" object');
  });
});
