// Which proxy the environment asks for: HTTPS_PROXY / HTTP_PROXY (either case), NO_PROXY applied
// per request by undici's EnvHttpProxyAgent. Only the presence of a proxy variable is decided here,
// so a machine without one keeps a plain connection pool per node.
import { secretForms } from '../redact.js';

export interface ProxyChoice {
  /** explicit proxy URL; undefined: follow the environment (EnvHttpProxyAgent) */
  uri?: string;
  /** credential forms to scrub from messages */
  secrets?: string[];
}

const VARS = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

export function proxyFromEnv(env: NodeJS.ProcessEnv): ProxyChoice | undefined {
  const values = VARS.map((v) => env[v]).filter((v): v is string => !!v && v.trim() !== '');
  if (values.length === 0) return undefined;
  return { secrets: secretForms(values.map(passwordOf)) };
}

export function passwordOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  try {
    const u = new URL(uri);
    return u.password ? decodeURIComponent(u.password) : undefined;
  } catch {
    return undefined;
  }
}
