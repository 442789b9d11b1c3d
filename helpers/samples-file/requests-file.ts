import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Outcome } from '../client/outcome.js';
import type { RequestSample } from '../client/request-sample.js';
import { type Redactor, redactThenCut } from '../client/secret-redactor.js';
import { requestId } from '../metrics/request-id.js';
import { FileAppender } from './file-appender.js';

/** Longest error text in the export, characters (after redaction). */
export const REQUEST_ERROR_CHARS = 500;

/** One line of requests.jsonl (and one row of requests.csv, columns in this order). */
export interface RequestRecord {
  /** `scenario:prompt:start` (start in µs since the epoch): also a tag on samples.ndjson points. */
  id: string;
  scenario: string;
  prompt: string;
  /** Turn of a multi-turn conversation; null otherwise. */
  turn: number | null;
  model: string;
  stream: boolean;
  /** When the schedule wanted the request to start, epoch ms; null for later turns. */
  scheduledStartEpochMs: number | null;
  /** t0: the request was handed to the transport, epoch ms. */
  startEpochMs: number;
  /** startEpochMs as RFC 3339 UTC. */
  startedAt: string;
  ttfbMs: number | null;
  ttftMs: number | null;
  ttfcMs: number | null;
  totalMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** `usage`, `events`, or null when no count came. */
  tokenSource: string | null;
  /** HTTP status, 0 when no response came. */
  status: number;
  /** The outcome tag (`ok`, `http-error`, `timeout-headers`, ...). */
  outcome: string;
  /** What went wrong, redacted and cut; null for `ok`. */
  error: string | null;
  /** The server's completion id, for joining with its logs. */
  responseId: string | null;
}

/** Column names of requests.csv, in order. */
export const REQUEST_COLUMNS: readonly (keyof RequestRecord)[] = [
  'id',
  'scenario',
  'prompt',
  'turn',
  'model',
  'stream',
  'scheduledStartEpochMs',
  'startEpochMs',
  'startedAt',
  'ttfbMs',
  'ttftMs',
  'ttfcMs',
  'totalMs',
  'inputTokens',
  'outputTokens',
  'tokenSource',
  'status',
  'outcome',
  'error',
  'responseId',
];

/** `chat_stream--short.requests.jsonl`: a worker's requests, in the parts folder. */
export function requestsFileName(scenario: string, prompt: string): string {
  return `${scenario}--${prompt}.requests.jsonl`;
}

/** The export record of one sample; `scheduleLagMs` null when the request had no schedule. */
export function requestRecord(
  sample: RequestSample,
  scheduleLagMs: number | null,
  redact: Redactor,
): RequestRecord {
  const { tags } = sample;
  const message = errorText(sample.outcome);
  return {
    id: requestId(tags.scenario, tags.prompt, sample.startEpochMs),
    scenario: tags.scenario,
    prompt: tags.prompt,
    turn: tags.turn === undefined ? null : Number(tags.turn),
    model: tags.model,
    stream: tags.stream === 'true',
    scheduledStartEpochMs: scheduleLagMs === null ? null : sample.startEpochMs - scheduleLagMs,
    startEpochMs: sample.startEpochMs,
    startedAt: new Date(sample.startEpochMs).toISOString(),
    ttfbMs: sample.ttfbMs,
    ttftMs: sample.ttftMs,
    ttfcMs: sample.ttfcMs,
    totalMs: sample.totalMs,
    inputTokens: sample.inputTokens,
    outputTokens: sample.outputTokens,
    tokenSource: sample.tokenSource,
    status: Number(tags.status),
    outcome: tags.outcome,
    error: message === null ? null : redactThenCut(message, REQUEST_ERROR_CHARS, redact),
    responseId: sample.responseId === null ? null : redact(sample.responseId),
  };
}

function errorText(outcome: Outcome): string | null {
  switch (outcome.kind) {
    case 'ok':
      return null;
    case 'http-error':
    case 'stream-error':
      return outcome.message;
    case 'connection-error':
      return `${outcome.code}: ${outcome.message}`;
    case 'timeout':
      return `no progress within the ${outcome.phase} timeout`;
    case 'aborted':
      return outcome.reason;
  }
}

/**
 * Appends a worker's requests to its requests file: `add` turns a request into its JSON line
 * when its sample is recorded (about 7 µs in a tight loop here), a flush writes the lines kept
 * since the last one in one write, so memory holds one flush interval of requests. Serialising
 * them all at the flush instead blocked the event loop 0.4-1.9 ms once a second at 60 requests/s
 * (more at higher rates): arrivals and chunk stamps that fell due then waited for it. `flush`
 * writes on the spot, `flushInBackground` off the event loop (`FileAppender`).
 */
export class RequestsFileWriter {
  private pending: string[] = [];
  private readonly file: FileAppender;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly redact: Redactor,
  ) {
    this.file = new FileAppender(path);
  }

  add(sample: RequestSample, scheduleLagMs: number | null): void {
    this.pending.push(`${JSON.stringify(requestRecord(sample, scheduleLagMs, this.redact))}\n`);
  }

  /** Writes the requests added since the last flush; returns how many. */
  flush(): number {
    return this.write(false);
  }

  /** Like `flush`, off the event loop; await `settled()` before `close()`. */
  flushInBackground(): number {
    return this.write(true);
  }

  /** Resolves once no background flush is on its way. */
  settled(): Promise<void> {
    return this.file.settled();
  }

  /** Flushes and closes (after `fsync`); safe to call twice. Await `settled()` first. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      this.file.close();
    }
  }

  /** Appends the pending lines in one write, on the spot or in the background; returns how many. */
  private write(inBackground: boolean): number {
    const batch = this.pending;
    if (batch.length === 0) return 0;
    this.pending = [];
    const chunks = [Buffer.from(batch.join(''), 'utf8')];
    if (inBackground) this.file.appendInBackground(chunks);
    else this.file.append(chunks);
    return batch.length;
  }
}

/** A line sink: what `exportRequests` writes to. */
export interface LineSink {
  write(text: string): void;
}

/**
 * Streams the workers' requests files (those that exist, in the given order) to requests.jsonl
 * and requests.csv, 1 MiB at a time: memory does not grow with the run. A last line a killed
 * worker left half-written is dropped. Returns the number of requests written.
 */
export function exportRequests(
  partFiles: readonly string[],
  jsonl: LineSink,
  csv: LineSink,
): number {
  csv.write(`${REQUEST_COLUMNS.join(',')}\n`);
  let count = 0;
  const buffer = Buffer.alloc(1 << 20);
  for (const path of partFiles) {
    if (!existsSync(path)) continue;
    const fd = openSync(path, 'r');
    try {
      // A read may end inside a multi-byte character: the decoder keeps it for the next.
      const decoder = new StringDecoder('utf8');
      let rest = '';
      for (;;) {
        const read = readSync(fd, buffer, 0, buffer.length, null);
        if (read === 0) break;
        const text = rest + decoder.write(buffer.subarray(0, read));
        const lines = text.split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          if (writeLine(line, jsonl, csv)) count += 1;
        }
      }
      if (rest !== '' && writeLine(rest, jsonl, csv)) count += 1;
    } finally {
      closeSync(fd);
    }
  }
  return count;
}

function writeLine(line: string, jsonl: LineSink, csv: LineSink): boolean {
  if (line.trim() === '') return false;
  let record: RequestRecord;
  try {
    record = JSON.parse(line) as RequestRecord;
  } catch {
    return false;
  }
  jsonl.write(`${line}\n`);
  csv.write(`${REQUEST_COLUMNS.map((column) => csvField(record[column])).join(',')}\n`);
  return true;
}

/** RFC 4180: quote a field with a comma, quote or line break; empty for null. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
