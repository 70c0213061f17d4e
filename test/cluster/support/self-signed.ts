// A throw-away self-signed certificate for 127.0.0.1/localhost (openssl; undefined when missing).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function makeCert(): { dir: string; cert: string; key: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'esferry-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { dir, cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}
