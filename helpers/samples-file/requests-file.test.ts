import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretRedactor } from '../client/secret-redactor.js';
import { fakeSample } from '../metrics/fake-sample.js';
import {
  csvField,
  exportRequests,
  REQUEST_COLUMNS,
  RequestsFileWriter,
  requestRecord,
} from './requests-file.js';

const SECRET = 'sk-live-0123456789abcdef';
const redact = createSecretRedactor([SECRET]);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'requests-file-'));
  dirs.push(dir);
  return dir;
}

class Lines {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

describe('requestRecord', () => {
  it('gives one request its id, schedule, times, tokens, status and outcome', () => {
    const record = requestRecord(fakeSample({ startEpochMs: 1_795_000_000_000.25 }), 1.5, redact);
    expect(record).toEqual({
      id: 'chat_stream:short:1795000000000250',
      scenario: 'chat_stream',
      prompt: 'short',
      turn: null,
      model: 'test-model',
      stream: true,
      scheduledStartEpochMs: 1_795_000_000_000.25 - 1.5,
      startEpochMs: 1_795_000_000_000.25,
      startedAt: '2026-11-18T11:06:40.000Z',
      ttfbMs: 40,
      ttftMs: 120,
      ttfcMs: 125,
      totalMs: 400,
      inputTokens: 30,
      outputTokens: 5,
      tokenSource: 'usage',
      status: 200,
      outcome: 'ok',
      error: null,
      responseId: 'chatcmpl-test',
    });
  });

  it("keeps the server's error text, with secrets redacted", () => {
    const record = requestRecord(
      fakeSample({
        outcome: { kind: 'http-error', status: 401, message: `bad key ${SECRET}` },
        tags: { status: '401' },
      }),
      0,
      redact,
    );
    expect(record.error).toBe('bad key [redacted]');
    expect(record.outcome).toBe('http-error');
    expect(record.status).toBe(401);
  });

  it('keeps the errno of a connection error', () => {
    const record = requestRecord(
      fakeSample({
        outcome: { kind: 'connection-error', code: 'ECONNREFUSED', message: 'connect refused' },
      }),
      0,
      redact,
    );
    expect(record.error).toBe('ECONNREFUSED: connect refused');
  });
});

describe('RequestsFileWriter and exportRequests', () => {
  it('writes what was added at each flush, and exports one JSON line and one CSV row per request', () => {
    const dir = tempDir();
    const path = join(dir, 'chat_stream--short.requests.jsonl');
    const writer = new RequestsFileWriter(path, redact);
    writer.add(fakeSample({ startEpochMs: 1000 }), 0);
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(writer.flush()).toBe(1);
    writer.add(fakeSample({ startEpochMs: 2000 }), 0);
    writer.add(fakeSample({ startEpochMs: 3000 }), null);
    writer.close();
    const jsonl = new Lines();
    const csv = new Lines();
    expect(exportRequests([path, join(dir, 'missing.jsonl')], jsonl, csv)).toBe(3);
    const ids = jsonl.text
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual([
      'chat_stream:short:1000000',
      'chat_stream:short:2000000',
      'chat_stream:short:3000000',
    ]);
    const rows = csv.text.trim().split('\n');
    expect(rows[0]).toBe(REQUEST_COLUMNS.join(','));
    expect(rows).toHaveLength(4);
    // The third request had no schedule: an empty scheduledStartEpochMs cell.
    expect(rows[3]?.split(',')[REQUEST_COLUMNS.indexOf('scheduledStartEpochMs')]).toBe('');
  });

  it('writes the same lines when flushed in the background, in the order added', async () => {
    const dir = tempDir();
    const path = join(dir, 'bg.requests.jsonl');
    const writer = new RequestsFileWriter(path, redact);
    for (let i = 1; i <= 30; i += 1) {
      writer.add(fakeSample({ startEpochMs: i * 1000 }), 0);
      if (i % 4 === 0) expect(writer.flushInBackground()).toBe(4);
    }
    expect(writer.flushInBackground()).toBe(2);
    expect(writer.flushInBackground()).toBe(0);
    writer.add(fakeSample({ startEpochMs: 31_000 }), 0);
    await writer.settled();
    writer.close();
    const ids = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual(
      Array.from({ length: 31 }, (_, i) => `chat_stream:short:${(i + 1) * 1_000_000}`),
    );
  });

  it('drops the half-written last line a killed worker leaves', () => {
    const dir = tempDir();
    const path = join(dir, 'part.requests.jsonl');
    const writer = new RequestsFileWriter(path, redact);
    writer.add(fakeSample(), 0);
    writer.close();
    appendFileSync(path, '{"id":"chat_stream:short:9","scen');
    const jsonl = new Lines();
    expect(exportRequests([path], jsonl, new Lines())).toBe(1);
  });

  it('quotes CSV fields with commas, quotes or line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });
});
