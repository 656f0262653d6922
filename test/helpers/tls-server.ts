import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenRecording, type TestHandler, type TestServer } from './server.js';

/** A throwaway certificate for `127.0.0.1` and `localhost`, and its private key, both PEM. */
export interface TestCertificate {
  /** The self-signed certificate: trust it as a CA (`requestTls: { ca: cert }`). */
  cert: string;
  key: string;
}

/**
 * Why HTTPS tests cannot run here, or `undefined` when they can: the certificate is made with
 * the `openssl` CLI, and a machine without it skips them with this reason instead of failing.
 *
 * @returns The reason to skip, or `undefined`.
 */
export function opensslUnavailable(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'the openssl CLI is not installed, so no test certificate can be made';
  }
}

let certificate: TestCertificate | undefined;

/**
 * Makes (once per test file) a self-signed P-256 certificate for `IP:127.0.0.1` and
 * `DNS:localhost`, valid for one day. The files live in a fresh temp folder only as long as
 * `openssl` needs them: no key material is ever written inside the repository.
 *
 * @returns The certificate and its key.
 */
export function testCertificate(): TestCertificate {
  if (certificate !== undefined) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'keygate-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { stdio: 'ignore' },
    );
    certificate = { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
    return certificate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts an HTTPS server on 127.0.0.1 with a random port and the {@link testCertificate}: the
 * same recording as `startServer`, behind TLS.
 *
 * @param handler The answer.
 * @returns The running server; its `origin` is `https://127.0.0.1:PORT`.
 */
export function startTlsServer(handler: TestHandler): Promise<TestServer> {
  return listenRecording((listener) => https.createServer(testCertificate(), listener), 'https', handler);
}
