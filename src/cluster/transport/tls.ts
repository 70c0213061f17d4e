// TLS options for https nodes. Verification stays on unless the user asked otherwise;
// a pinned certificate fingerprint replaces chain verification (as the official clients' caFingerprint).
import { readFileSync } from 'node:fs';
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { TlsOptions } from '../connect-options.js';
import { EsferryError } from '../errors.js';

export interface TlsConnectOptions {
  rejectUnauthorized: boolean;
  ca?: Buffer | string;
  cert?: Buffer;
  key?: Buffer;
}

const PEM = /-----BEGIN CERTIFICATE-----/;

export function tlsConnectOptions(tls: TlsOptions | undefined): TlsConnectOptions {
  const read = (file: string | undefined, what: string): Buffer | undefined => {
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new EsferryError('bad_input', `cannot read TLS ${what} file "${file}": ${(err as Error).message}`);
    }
  };
  if (tls?.ca !== undefined && !PEM.test(tls.ca)) throw new EsferryError('bad_input', 'the CA given as text is not a PEM certificate (expected "-----BEGIN CERTIFICATE-----")');
  const caFile = read(tls?.caFile, 'CA');
  const ca = caFile && tls?.ca ? `${caFile.toString('utf8')}\n${tls.ca}` : caFile ?? tls?.ca;
  return {
    rejectUnauthorized: tls?.insecure !== true,
    ca,
    cert: read(tls?.certFile, 'certificate'),
    key: read(tls?.keyFile, 'key'),
  };
}

/** "AB:cd:…" or "abcd…" (64 hex digits) → "AB:CD:…", the form Node's fingerprint256 uses. */
export function normalizeFingerprint(text: string): string {
  const hex = text.trim().replace(/:/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) throw new EsferryError('bad_input', 'the CA fingerprint must be a SHA-256 digest: 64 hex digits, colons allowed (e.g. from openssl x509 -fingerprint -sha256)');
  return hex.match(/../g)!.join(':');
}

/**
 * With a pinned fingerprint: the check that accepts the server only when its certificate or one of
 * its issuers has that SHA-256 fingerprint (the chain itself is then not verified against CAs).
 */
export function pinnedPeerCheck(tls: TlsOptions | undefined): ((socket: TLSSocket, hostname: string) => Error | undefined) | undefined {
  if (!tls?.caFingerprint || tls.insecure) return undefined;
  const pinned = normalizeFingerprint(tls.caFingerprint);
  return (socket, hostname) => {
    const problem = checkPinned(socket, pinned, hostname);
    return problem ? Object.assign(new Error(problem), { code: 'ESFERRY_CERT_FINGERPRINT' }) : undefined;
  };
}

function checkPinned(socket: TLSSocket, pinned: string, hostname: string): string | undefined {
  const leaf = socket.getPeerCertificate(true);
  if (!leaf || !leaf.fingerprint256) return 'the server sent no certificate';
  if (leaf.fingerprint256 === pinned) return undefined;
  const seen = new Set<PeerCertificate>();
  for (let c = (leaf as { issuerCertificate?: PeerCertificate }).issuerCertificate; c && !seen.has(c); c = (c as { issuerCertificate?: PeerCertificate }).issuerCertificate) {
    seen.add(c);
    if (c.fingerprint256 === pinned) {
      // a pinned CA vouches for any name, so the leaf must still be for this host
      const nameError = checkServerIdentity(hostname, leaf);
      return nameError ? `certificate does not match the host name: ${nameError.message}` : undefined;
    }
  }
  return `the server certificate's SHA-256 fingerprint ${leaf.fingerprint256} is not the pinned ${pinned} (nor is any issuer's)`;
}
