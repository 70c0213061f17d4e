// Connection options of one side (--source-* / --dest-*) and their environment fallbacks, turned
// into the cluster layer's ConnectOptions. Passwords and keys are registered with the redactor
// before anything can print them.
import { existsSync } from 'node:fs';
import type { ConnectOptions } from '../cluster/connect-options.js';
import type { Redactor } from '../report/redact.js';
import { UsageError } from './cli-error.js';
import { cloudIdToUrl } from '../cluster/cloud-id.js';

export type Side = 'source' | 'dest' | 'coordinator';

const EXAMPLE: Record<Side, string> = { source: 'http://localhost:9200', dest: 'http://localhost:9201', coordinator: 'http://localhost:9202' };

/** yargs option definitions for one side */
export function connectionOptionSpecs(side: Side): Record<string, { type: 'string' | 'number'; describe: string; group: string }> {
  const group = side === 'source' ? 'Source cluster:' : 'Destination cluster:';
  const env = `ESFERRY_${side.toUpperCase()}`;
  const what = side === 'source' ? 'source' : 'destination';
  return {
    [side]: { type: 'string', group, describe: `${what} cluster URL; several nodes comma-separated (e.g. ${EXAMPLE[side]}). user:password in the URL works but is never printed` },
    [`${side}-user`]: { type: 'string', group, describe: `basic auth user for the ${what} (env ${env}_USER)` },
    [`${side}-password`]: { type: 'string', group, describe: `basic auth password for the ${what}; prefer env ${env}_PASSWORD (command lines are visible to other users)` },
    [`${side}-cloud-id`]: { type: 'string', group, describe: `Elastic Cloud id of the ${what} deployment, instead of --${side} (env ${env}_CLOUD_ID)` },
    [`${side}-api-key`]: { type: 'string', group, describe: `API key for the ${what}: "id:api_key" or its base64 encoding (env ${env}_API_KEY)` },
    [`${side}-ca`]: { type: 'string', group, describe: `PEM file with the CA that signed the ${what}'s certificate` },
    [`${side}-cert`]: { type: 'string', group, describe: `PEM client certificate for the ${what} (with --${side}-key)` },
    [`${side}-key`]: { type: 'string', group, describe: `PEM private key of --${side}-cert` },
    [`${side}-timeout`]: { type: 'number', group, describe: `request timeout towards the ${what}, seconds (default 120)` },
  };
}

export function buildConnectOptions(side: Side, argv: Record<string, unknown>, env: NodeJS.ProcessEnv, redactor: Redactor): ConnectOptions {
  const flag = (name: string) => argv[`${side}${name ? `-${name}` : ''}`] as string | undefined;
  const ENV = `ESFERRY_${side.toUpperCase()}`;
  const cloudId = flag('cloud-id') ?? env[`${ENV}_CLOUD_ID`];
  if (cloudId && flag('')) throw new UsageError(`--${side} and --${side}-cloud-id are exclusive: give the URL or the cloud id`);
  let urlText = flag('');
  if (cloudId) {
    try {
      urlText = cloudIdToUrl(cloudId);
    } catch (e) {
      throw new UsageError(`--${side}-cloud-id ${(e as Error).message}`);
    }
  }
  if (!urlText || !String(urlText).trim()) {
    throw new UsageError(`--${side} is required (the ${side === 'source' ? 'source' : 'destination'} cluster URL, e.g. ${EXAMPLE[side]})`);
  }
  const nodes = String(urlText).split(',').map((s) => s.trim()).filter(Boolean);
  redactor.addFromUrls(nodes);
  for (const n of nodes) {
    let u: URL;
    try {
      u = new URL(n);
    } catch {
      throw new UsageError(`--${side}: "${redactor.redact(n)}" is not a URL (expected e.g. ${EXAMPLE[side]})`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--${side}: "${redactor.redact(n)}" must start with http:// or https://`);
  }
  const user = flag('user') ?? env[`${ENV}_USER`];
  const password = flag('password') ?? env[`${ENV}_PASSWORD`];
  const apiKey = flag('api-key') ?? env[`${ENV}_API_KEY`];
  redactor.add(password);
  redactor.add(apiKey);
  const opts: ConnectOptions = { nodes };
  if (apiKey) {
    if (user || password) throw new UsageError(`--${side}-api-key and --${side}-user/--${side}-password are exclusive: give one kind of credentials`);
    opts.auth = { apiKey };
  } else if (user || password) {
    if (!user) throw new UsageError(`--${side}-password was given without --${side}-user`);
    if (password === undefined) throw new UsageError(`--${side}-user needs a password: --${side}-password or env ${ENV}_PASSWORD`);
    opts.auth = { username: user, password };
  }
  const ca = flag('ca');
  const cert = flag('cert');
  const key = flag('key');
  for (const [name, file] of [['ca', ca], ['cert', cert], ['key', key]] as const) {
    if (file && !existsSync(file)) throw new UsageError(`--${side}-${name}: file "${file}" not found`);
  }
  if ((cert && !key) || (key && !cert)) throw new UsageError(`--${side}-cert and --${side}-key go together`);
  const insecure = argv.insecure === true;
  if (ca || cert || insecure) opts.tls = { caFile: ca, certFile: cert, keyFile: key, insecure };
  if (argv.compress === true) opts.compression = true;
  const timeout = argv[`${side}-timeout`];
  if (timeout !== undefined) {
    const s = Number(timeout);
    if (!Number.isFinite(s) || s <= 0) throw new UsageError(`--${side}-timeout must be a number of seconds > 0`);
    opts.requestTimeoutMs = s * 1000;
  }
  return opts;
}

/** `-u USER:PASSWORD` / `-H 'Authorization: ApiKey ...'` placeholder for printed curl commands. */
export function curlAuthHint(opts: ConnectOptions): string | undefined {
  if (!opts.auth) {
    const hasUserInfo = (Array.isArray(opts.nodes) ? opts.nodes : [opts.nodes]).some((n) => /\/\/[^/]*@/.test(n));
    return hasUserInfo ? '-u USER:PASSWORD' : undefined;
  }
  if ('apiKey' in opts.auth) return `-H 'Authorization: ApiKey $ESFERRY_API_KEY'`;
  if ('username' in opts.auth) return `-u ${opts.auth.username}:PASSWORD`;
  return `-H 'Authorization: Bearer $TOKEN'`;
}
