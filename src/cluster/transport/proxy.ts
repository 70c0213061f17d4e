// Which proxy the environment asks for: HTTPS_PROXY / HTTP_PROXY (either case), NO_PROXY applied
// per request by undici's EnvHttpProxyAgent. Only the presence of a proxy variable is decided here,
// so a machine without one keeps esferry's own connection pool per node.
import { secretForms } from '../redact.js';

export interface ProxyChoice {
  /** explicit proxy URL; undefined: follow the environment (EnvHttpProxyAgent) */
  uri?: string;
  /** the environment's proxies (EnvHttpProxyAgent options); an empty variable counts as unset */
  fromEnv?: { httpProxy?: string; httpsProxy?: string; noProxy: string };
  /** credential forms to scrub from messages */
  secrets?: string[];
}

/** lower case first, as curl and undici read them */
const first = (env: NodeJS.ProcessEnv, name: string) => [env[name.toLowerCase()], env[name]].find((v) => v !== undefined && v.trim() !== '');

export function proxyFromEnv(env: NodeJS.ProcessEnv): ProxyChoice | undefined {
  const httpProxy = first(env, 'HTTP_PROXY');
  const httpsProxy = first(env, 'HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return undefined;
  return {
    fromEnv: { httpProxy, httpsProxy, noProxy: first(env, 'NO_PROXY') ?? '' },
    secrets: secretForms([passwordOf(httpProxy), passwordOf(httpsProxy)]),
  };
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
