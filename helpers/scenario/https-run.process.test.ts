import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadSpecsRun, runLoadSpecs } from '../testing/run-load-spec-files.js';

// A load spec over HTTPS, end to end: the embedded simulator serves a certificate made here,
// the child trusts it only through NODE_EXTRA_CA_CERTS (read by Node at start).
const CHILD_TIMEOUT_MS = 150_000;
const dir = mkdtempSync(join(tmpdir(), 'https-run-'));
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');

/** 8 arrivals in 2 s at 4/s. */
const SHORT_RUN: Readonly<Record<string, string>> = {
  STREAM_RPS: '4',
  NONSTREAM_RPS: '0',
  START_RATE: '0',
  RAMP_UP: '0s',
  HOLD: '2s',
  RAMP_DOWN: '0s',
  GRACEFUL_STOP: '20s',
  ARRIVALS: 'even',
  MAX_VUS: '50',
  MIN_SAMPLES: '5',
  SIM_TLS_CERT: cert,
  SIM_TLS_KEY: key,
  NODE_EXTRA_CA_CERTS: cert,
};

let run: LoadSpecsRun;
let selfSigned: Promise<LoadSpecsRun>;

beforeAll(async () => {
  execFileSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  // SIM_TLS=1 alone: the global setup has the spec workers trust the certificate it made.
  const { SIM_TLS_CERT: _c, SIM_TLS_KEY: _k, NODE_EXTRA_CA_CERTS: _n, ...plain } = SHORT_RUN;
  selfSigned = runLoadSpecs({
    specs: ['specs/stream/short.spec.ts'],
    resultsDir: join(dir, 'self-signed'),
    env: { ...plain, SIM_TLS: '1', NODE_EXTRA_CA_CERTS: '' },
    timeoutMs: CHILD_TIMEOUT_MS,
  });
  run = await runLoadSpecs({
    specs: ['specs/stream/short.spec.ts'],
    resultsDir: join(dir, 'results'),
    env: SHORT_RUN,
    timeoutMs: CHILD_TIMEOUT_MS,
  });
}, CHILD_TIMEOUT_MS + 30_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Summary {
  metrics: Record<string, Record<string, number>>;
}

describe('a load run against the simulator over HTTPS', () => {
  it('passes with SIM_TLS=1 alone: the embedded simulator makes a certificate its workers trust', async () => {
    const selfSignedRun = await selfSigned;
    expect(selfSignedRun.exitCode, selfSignedRun.output.slice(-3000)).toBe(0);
    const summary = JSON.parse(
      readFileSync(join(selfSignedRun.resultsDir, 'summary.json'), 'utf8'),
    ) as Summary;
    expect(summary.metrics.http_req_tls_handshaking?.max).toBeGreaterThan(0);
    expect(summary.metrics.http_req_failed?.passes).toBe(0);
  });

  it('passes with NODE_EXTRA_CA_CERTS naming the certificate', () => {
    expect(run.output).not.toMatch(/self[- ]signed/i);
    expect(run.exitCode, run.output.slice(-3000)).toBe(0);
    expect(run.cases.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it("shows the TLS handshake in http_req_tls_handshaking, and k6's other built-ins", () => {
    const summary = JSON.parse(
      readFileSync(join(run.resultsDir, 'summary.json'), 'utf8'),
    ) as Summary;
    const { metrics } = summary;
    expect(metrics.http_req_tls_handshaking?.max).toBeGreaterThan(0);
    expect(metrics.http_req_connecting?.max).toBeGreaterThan(0);
    for (const name of [
      'http_req_blocked',
      'http_req_sending',
      'http_req_waiting',
      'http_req_receiving',
      'data_sent',
      'data_received',
      'iterations',
      'vus',
      'vus_max',
    ]) {
      expect(metrics[name], name).toBeDefined();
    }
    expect(metrics.iterations?.count).toBe(metrics.http_reqs?.count);
    expect(metrics.vus_max?.value).toBe(50);
  });

  it('writes one requests.jsonl line and one requests.csv row per request, ids as on the ndjson points', () => {
    const summary = JSON.parse(
      readFileSync(join(run.resultsDir, 'summary.json'), 'utf8'),
    ) as Summary;
    const lines = readFileSync(join(run.resultsDir, 'requests.jsonl'), 'utf8').trim().split('\n');
    const records = lines.map((line) => JSON.parse(line) as { id: string; outcome: string });
    expect(records).toHaveLength(summary.metrics.http_reqs?.count ?? -1);
    expect(records.length).toBeGreaterThanOrEqual(8);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    const csvRows = readFileSync(join(run.resultsDir, 'requests.csv'), 'utf8').trim().split('\n');
    expect(csvRows).toHaveLength(records.length + 1);
    const pointIds = new Set<string>();
    for (const line of readFileSync(join(run.resultsDir, 'samples.ndjson'), 'utf8').split('\n')) {
      if (!line.includes('"metric":"http_reqs","type":"Point"')) continue;
      pointIds.add(
        (JSON.parse(line) as { data: { tags: { request_id: string } } }).data.tags.request_id,
      );
    }
    expect([...pointIds].sort()).toEqual(records.map((r) => r.id).sort());
  });
});
