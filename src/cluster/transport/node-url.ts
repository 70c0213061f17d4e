// Parses a node URL once: origin for the connection pool, path prefix (proxies), credentials kept apart.
import { EsferryError } from '../errors.js';
import { redactUrl } from '../redact.js';

export interface NodeAddress {
  /** "https://es1:9200" — never holds credentials */
  origin: string;
  /** path prefix behind a proxy, without trailing slash ("" for none) */
  basePath: string;
  /** for messages and reports */
  redacted: string;
  username?: string;
  password?: string;
}

export function parseNodeUrl(raw: string): NodeAddress {
  const text = raw.trim();
  // a bare "host:9200" means http, as in every ES client
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new EsferryError('bad_input', `invalid node URL "${redactUrl(text)}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new EsferryError('bad_input', `node URL "${redactUrl(text)}" must use http or https`);
  }
  const basePath = u.pathname.replace(/\/+$/, '');
  return {
    origin: u.origin,
    basePath,
    redacted: `${u.origin}${basePath}`,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}
