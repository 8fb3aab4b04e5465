/**
 * The server's TLS material: the configured certificate, or a self-signed one generated in the
 * data folder on first start. Its SHA-256 fingerprint is printed so that counters on the LAN can
 * pin it.
 */
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { Config } from '../config/config.js';

/** The oldest TLS version the HTTPS server accepts (the baseline: TLS 1.2 or 1.3 only). */
export const SERVER_TLS_MIN_VERSION = 'TLSv1.2' as const;

/**
 * AEAD suites with forward secrecy for TLS 1.2 (TLS 1.3 suites are all strong), strongest first.
 */
export const SERVER_TLS_CIPHERS =
  'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305';

export interface TlsMaterial {
  cert: string;
  key: string;
  fingerprint256: string;
  validTo: Date;
  generated: boolean;
}

export function certificatePaths(config: Config): { cert: string; key: string } {
  return {
    cert: config.tlsCertFile ?? join(config.dataDir, 'tls', 'cert.pem'),
    key: config.tlsKeyFile ?? join(config.dataDir, 'tls', 'key.pem'),
  };
}

export function describeCertificate(certPem: string): { fingerprint256: string; validTo: Date } {
  const x509 = new X509Certificate(certPem);
  return { fingerprint256: x509.fingerprint256, validTo: new Date(x509.validTo) };
}

/** Creates a self-signed certificate for localhost and this host name, valid for 825 days. */
export async function generateSelfSigned(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const notAfter = new Date(Date.now() + 825 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'Tijori' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: hostname() },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  writeFileSync(join(dir, 'key.pem'), pems.private, { mode: 0o600 });
  chmodSync(join(dir, 'key.pem'), 0o600);
  writeFileSync(join(dir, 'cert.pem'), pems.cert, { mode: 0o644 });
}

/** Loads the certificate, generating a self-signed one first when none is configured or present. */
export async function loadTlsMaterial(config: Config): Promise<TlsMaterial> {
  const paths = certificatePaths(config);
  let generated = false;
  if (config.tlsCertFile === undefined && !existsSync(paths.cert)) {
    await generateSelfSigned(join(config.dataDir, 'tls'));
    generated = true;
  }
  const cert = readFileSync(paths.cert, 'utf8');
  const key = readFileSync(paths.key, 'utf8');
  return { cert, key, generated, ...describeCertificate(cert) };
}
