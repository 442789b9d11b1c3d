import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its key, as PEM text and as files (the certificate file is what NODE_EXTRA_CA_CERTS names). */
export interface TlsFiles {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
  /** Removes the files when they were made here; a no-op for files the user gave. */
  remove(): Promise<void>;
}

/**
 * Makes a self-signed certificate for 127.0.0.1 and localhost, valid 2 days, with `openssl`
 * (Node 20 has no X.509 generator). The files go to a new temporary directory, so a client in
 * another process can trust it with `NODE_EXTRA_CA_CERTS=<certPath>`.
 */
export async function makeSelfSignedCertificate(): Promise<TlsFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'llm-sim-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
  ];
  try {
    await new Promise<void>((resolve, reject) => {
      execFile('openssl', args, { timeout: 30_000 }, (error, _stdout, stderr) => {
        if (error === null) resolve();
        else reject(new Error(`${error.message}${stderr ? `: ${stderr.trim()}` : ''}`));
      });
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `SIM_TLS / --tls: could not make a self-signed certificate with openssl (${(error as Error).message}); install openssl, or give your own PEM files with SIM_TLS_CERT and SIM_TLS_KEY (--tls-cert, --tls-key)`,
    );
  }
  return {
    certPath,
    keyPath,
    certPem: await readFile(certPath, 'utf8'),
    keyPem: await readFile(keyPath, 'utf8'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Reads the PEM files the user gave (SIM_TLS_CERT, SIM_TLS_KEY); errors name the option and path. */
export async function readTlsFiles(certPath: string, keyPath: string): Promise<TlsFiles> {
  const read = async (path: string, name: string): Promise<string> => {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new Error(
        `${name} ${JSON.stringify(path)}: cannot read the PEM file (${(error as Error).message}); give a readable PEM file`,
      );
    }
  };
  return {
    certPath,
    keyPath,
    certPem: await read(certPath, 'SIM_TLS_CERT / --tls-cert'),
    keyPem: await read(keyPath, 'SIM_TLS_KEY / --tls-key'),
    remove: async () => {},
  };
}
