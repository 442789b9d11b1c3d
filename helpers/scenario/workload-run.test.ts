import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSuiteConfig, type SuiteConfig } from '../config/suite-config.js';
import { loadPromptFixture } from '../fixtures/prompt-fixture.js';
import { parseSelector } from '../metrics/parse-selector.js';
import { type Simulator, startSimulator } from '../simulator/simulator.js';
import { loadWorkload } from '../workload/load-workload.js';
import type { Workload } from '../workload/workload.js';
import { prepareWorkload } from './prepare-workload.js';
import { runScenario, type ScenarioRun } from './run-scenario.js';
import type { ScenarioName } from './scenario-name.js';

// Short real runs against the embedded simulator, through a proxy that records what reached
// the server and what it answered: 3 s at a low rate.
const ENV = { STREAM_RPS: '4', NONSTREAM_RPS: '4', HOLD: '3s', GRACEFUL_STOP: '10s' };
const DATASET = resolve(import.meta.dirname, '..', '..', 'fixtures', 'workloads', 'chats.jsonl');

interface Exchange {
  body: Record<string, unknown>;
  /** The answer's content, from the JSON body or the stream's deltas. */
  content: string;
}

/** An HTTP proxy in front of the simulator that records every chat request and answer. */
async function startRecordingProxy(
  target: string,
  /** Rewrites a JSON answer's usage.prompt_tokens: a server with another tokenizer. */
  countPromptTokens?: (body: { messages: { content: string }[] }) => number | null,
): Promise<{
  url: string;
  exchanges: Exchange[];
  close: () => Promise<void>;
}> {
  const exchanges: Exchange[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    const answer = await fetch(`${target}${req.url}`, {
      method: req.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyText,
    });
    let text = await answer.text();
    if (countPromptTokens !== undefined && answer.ok) {
      const json = JSON.parse(text) as { usage?: { prompt_tokens: number } };
      const count = countPromptTokens(JSON.parse(bodyText));
      if (count === null) delete json.usage;
      else if (json.usage) json.usage.prompt_tokens = count;
      text = JSON.stringify(json);
    }
    const headers = Object.fromEntries(answer.headers);
    delete headers['content-length'];
    res.writeHead(answer.status, headers);
    res.end(text);
    if (req.url?.endsWith('/chat/completions')) {
      exchanges.push({ body: JSON.parse(bodyText), content: contentOf(text) });
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

function contentOf(text: string): string {
  if (!text.startsWith('data:')) {
    const body = JSON.parse(text) as { choices?: { message?: { content?: string } }[] };
    return body.choices?.[0]?.message?.content ?? '';
  }
  let content = '';
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const chunk = JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string } }[] };
    content += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return content;
}

let lastWorkload: Workload | null = null;
let simulator: Simulator | null = null;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>> | null = null;
afterEach(async () => {
  await proxy?.close();
  await simulator?.close();
  proxy = null;
  simulator = null;
});

function config(env: Record<string, string>): SuiteConfig {
  const result = readSuiteConfig({ ...ENV, ...env });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

async function runWorkload(
  scenario: ScenarioName,
  env: Record<string, string>,
  countPromptTokens?: (body: { messages: { content: string }[] }) => number | null,
): Promise<ScenarioRun> {
  simulator = await startSimulator({ outputTokens: 16 });
  proxy = await startRecordingProxy(simulator.url, countPromptTokens);
  const suite = config(env);
  const loaded = loadWorkload(suite.load.workload ?? '', { skipBad: false });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const workload = await prepareWorkload(loaded.loaded, suite, proxy.url);
  lastWorkload = workload;
  return runScenario({ scenario, workload, config: suite, baseUrl: proxy.url });
}

function median(values: Float64Array): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

describe('a synthetic workload against the simulator', () => {
  it('records a median llm_input_tokens within 5% of prompt_tokens and llm_output_tokens of output_tokens', async () => {
    const run = await runWorkload('chat_stream', {
      WORKLOAD: 'prompt_tokens=512,output_tokens=64',
    });
    expect(lastWorkload?.report.calibration?.kind).toBe('measured');
    const input = run.store.select(parseSelector('llm_input_tokens{prompt:synthetic,outcome:ok}'));
    const output = run.store.select(
      parseSelector('llm_output_tokens{prompt:synthetic,outcome:ok}'),
    );
    expect(input.values.length).toBe(12);
    expect(Math.abs(median(input.values) - 512) / 512).toBeLessThan(0.05);
    expect(new Set(output.values)).toEqual(new Set([64]));
    expect([...run.store.select(parseSelector('llm_requested_output_tokens')).values]).toEqual(
      Array(12).fill(64),
    );
    // Two calibration probes went first, and were not recorded.
    expect(proxy?.exchanges.length).toBe(14);
    expect(proxy?.exchanges.slice(0, 2).map((e) => e.body.max_tokens)).toEqual([1, 1]);
  });

  it('follows the drawn lengths: actual input tokens track the requested ones', async () => {
    const run = await runWorkload('chat_nonstream', {
      WORKLOAD: 'prompt_tokens=300,prompt_tokens_stdev=100,output_tokens=20,output_tokens_stdev=5',
    });
    const requested = [...run.store.select(parseSelector('llm_requested_input_tokens')).values];
    const actual = [...run.store.select(parseSelector('llm_input_tokens')).values];
    const requestedOut = [...run.store.select(parseSelector('llm_requested_output_tokens')).values];
    const actualOut = [...run.store.select(parseSelector('llm_output_tokens')).values];
    expect(new Set(requested).size).toBeGreaterThan(5);
    // Each sample's requested tokens are recorded right after it: the i-th values match.
    actual.forEach((tokens, i) => {
      expect(Math.abs(tokens - (requested[i] as number))).toBeLessThanOrEqual(2);
    });
    expect(actualOut).toEqual(requestedOut);
  });
});

describe('token calibration', () => {
  it("matches prompt lengths to a server whose tokenizer is not the estimate's", async () => {
    // 3 characters per token and 11 tokens of template: the 4-characters estimate would send
    // prompts a third too long (2020 characters = 685 tokens for 512 asked).
    const threeCharsPerToken = (body: { messages: { content: string }[] }) =>
      11 + Math.ceil((body.messages[0]?.content.length ?? 0) / 3);
    const run = await runWorkload(
      'chat_nonstream',
      { WORKLOAD: 'prompt_tokens=512,output_tokens=8' },
      threeCharsPerToken,
    );
    const calibration = lastWorkload?.report.calibration;
    expect(calibration?.kind).toBe('measured');
    expect(calibration?.charsPerToken).toBeCloseTo(3, 1);
    const input = run.store.select(parseSelector('llm_input_tokens{outcome:ok}'));
    expect(input.values.length).toBe(12);
    expect(Math.abs(median(input.values) - 512) / 512).toBeLessThan(0.05);
  });
});

describe('a server that reports no usage', () => {
  it('gets prompts of the documented estimate, and the run says it is an estimate', async () => {
    const run = await runWorkload(
      'chat_nonstream',
      { WORKLOAD: 'prompt_tokens=512,output_tokens=8', HOLD: '1s' },
      () => null,
    );
    expect(lastWorkload?.report.calibration).toEqual({
      kind: 'estimate',
      charsPerToken: 4,
      overheadTokens: 7,
      reason: 'the probe of 505 characters got an answer without usage.prompt_tokens',
    });
    // Only the first probe went: the second would tell nothing more.
    expect(proxy?.exchanges.filter((e) => e.body.max_tokens === 1)).toHaveLength(1);
    const prompt = proxy?.exchanges.at(-1)?.body.messages as { content: string }[];
    expect(prompt[0]?.content).toHaveLength((512 - 7) * 4);
    expect(run.store.count(parseSelector('http_reqs{outcome:ok}'))).toBe(4);
    expect(run.store.count(parseSelector('llm_input_tokens'))).toBe(0);
  });
});

describe('a JSONL dataset workload', () => {
  it("sends each line's messages and max_tokens to the server exactly", async () => {
    const lines = readFileSync(DATASET, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const byMessages = new Map(lines.map((l) => [JSON.stringify(l.messages), l]));
    const run = await runWorkload('chat_nonstream', { WORKLOAD: DATASET, NONSTREAM_RPS: '8' });
    const exchanges = proxy?.exchanges ?? [];
    expect(exchanges.length).toBe(24);
    for (const { body } of exchanges) {
      const line = byMessages.get(JSON.stringify(body.messages));
      expect(
        line,
        `sent messages not in the dataset: ${JSON.stringify(body.messages)}`,
      ).toBeDefined();
      expect(body.max_tokens).toBe(line.max_tokens);
    }
    expect(new Set(exchanges.map((e) => JSON.stringify(e.body.messages))).size).toBe(24);
    expect(run.store.count(parseSelector('http_reqs{prompt:chats,outcome:ok}'))).toBe(24);
  });
});

describe('a multi-turn workload (TURNS=3)', () => {
  it("sends growing conversations that carry the server's own answers", async () => {
    const run = await runWorkload('chat_stream', {
      WORKLOAD: 'prompt_tokens=40,output_tokens=12',
      TURNS: '3',
      THINK_TIME: '100ms',
      STREAM_RPS: '2',
    });
    const exchanges = (proxy?.exchanges ?? []).slice(2); // after the calibration probes
    expect(exchanges.length).toBe(18);
    const byTurn = (turn: number) =>
      run.store.count(parseSelector(`http_reqs{turn:${turn},outcome:ok}`));
    expect([byTurn(1), byTurn(2), byTurn(3)]).toEqual([6, 6, 6]);
    const sent = new Map(exchanges.map((e) => [JSON.stringify(e.body.messages), e]));
    const lengths = exchanges.map((e) => (e.body.messages as unknown[]).length);
    expect(lengths.filter((n) => n === 1)).toHaveLength(6);
    expect(lengths.filter((n) => n === 3)).toHaveLength(6);
    expect(lengths.filter((n) => n === 5)).toHaveLength(6);
    for (const { body } of exchanges) {
      const messages = body.messages as { role: string; content: string }[];
      if (messages.length === 1) continue;
      // The turn before sent exactly this prefix, and the server's answer to it follows.
      const previous = sent.get(JSON.stringify(messages.slice(0, -2)));
      expect(previous, 'the earlier turn was sent').toBeDefined();
      expect(messages.at(-2)).toEqual({ role: 'assistant', content: previous?.content });
      expect(previous?.content.length).toBeGreaterThan(10);
      expect(messages.at(-1)?.role).toBe('user');
    }
    const inputByTurn = (turn: number) =>
      median(run.store.select(parseSelector(`llm_input_tokens{turn:${turn}}`)).values);
    expect(inputByTurn(2)).toBeGreaterThan(inputByTurn(1) * 2);
    expect(inputByTurn(3)).toBeGreaterThan(inputByTurn(2) * 1.4);
  });
});

describe('a multi-turn workload without streaming', () => {
  it("sends the server's own answers from JSON bodies too", async () => {
    const run = await runWorkload('chat_nonstream', {
      WORKLOAD: DATASET,
      TURNS: '2',
      NONSTREAM_RPS: '2',
      MAX_TOKENS: '10',
    });
    const exchanges = proxy?.exchanges ?? [];
    const sent = new Map(exchanges.map((e) => [JSON.stringify(e.body.messages), e]));
    const followUps = exchanges.filter((e) => {
      const messages = e.body.messages as unknown[];
      return sent.has(JSON.stringify(messages.slice(0, -2)));
    });
    expect(run.store.count(parseSelector('http_reqs{turn:2,outcome:ok}'))).toBe(6);
    expect(followUps).toHaveLength(6);
    for (const { body } of followUps) {
      const messages = body.messages as { role: string; content: string }[];
      const previous = sent.get(JSON.stringify(messages.slice(0, -2)));
      expect(messages.at(-2)).toEqual({ role: 'assistant', content: previous?.content });
      expect(previous?.content.length).toBeGreaterThan(10);
    }
  });
});

describe('EXTRA_BODY', () => {
  it('is merged into every request body: probes, workload requests and fixed-prompt runs', async () => {
    const env = { EXTRA_BODY: '{"ignore_eos": true, "seed": 7}', HOLD: '1s' };
    await runWorkload('chat_stream', { ...env, WORKLOAD: 'prompt_tokens=64,output_tokens=8' });
    const bodies = (proxy?.exchanges ?? []).map((e) => e.body);
    expect(bodies).toHaveLength(6);
    for (const body of bodies) expect(body).toMatchObject({ ignore_eos: true, seed: 7 });

    await proxy?.close();
    await simulator?.close();
    simulator = await startSimulator({ outputTokens: 8 });
    proxy = await startRecordingProxy(simulator.url);
    await runScenario({
      scenario: 'chat_nonstream',
      prompt: loadPromptFixture('short'),
      config: config(env),
      baseUrl: proxy.url,
    });
    expect(proxy.exchanges).toHaveLength(4);
    for (const { body } of proxy.exchanges)
      expect(body).toMatchObject({ ignore_eos: true, seed: 7 });
  });
});
