// undici connect options for https nodes. Verification stays on unless the user asked otherwise.
import { readFileSync } from 'node:fs';
import type { TlsOptions } from '../connect-options.js';
import { EsferryError } from '../errors.js';

export interface TlsConnectOptions {
  rejectUnauthorized: boolean;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export function tlsConnectOptions(tls: TlsOptions | undefined): TlsConnectOptions {
  const read = (file: string | undefined, what: string): Buffer | undefined => {
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new EsferryError('bad_input', `cannot read TLS ${what} file "${file}": ${(err as Error).message}`);
    }
  };
  return {
    rejectUnauthorized: tls?.insecure !== true,
    ca: read(tls?.caFile, 'CA'),
    cert: read(tls?.certFile, 'certificate'),
    key: read(tls?.keyFile, 'key'),
  };
}
