// Connection options of one side (--source-* / --dest-*) and their environment fallbacks, turned
// into the cluster layer's ConnectOptions. Passwords and keys are registered with the redactor
// before anything can print them.
import { existsSync } from 'node:fs';
import type { ConnectOptions } from '../cluster/connect-options.js';
import type { Redactor } from '../report/redact.js';
import { UsageError } from './cli-error.js';
import { cloudIdToUrl } from '../cluster/cloud-id.js';
import { normalizeFingerprint } from '../cluster/transport/tls.js';

export type Side = 'source' | 'dest' | 'coordinator';

const EXAMPLE: Record<Side, string> = { source: 'http://localhost:9200', dest: 'http://localhost:9201', coordinator: 'http://localhost:9202' };

/** yargs option definitions for one side */
export function connectionOptionSpecs(side: Side): Record<string, { type: 'string' | 'number'; describe: string; group: string; choices?: string[] }> {
  const group = side === 'source' ? 'Source cluster:' : 'Destination cluster:';
  const env = `ESFERRY_${side.toUpperCase()}`;
  const what = side === 'source' ? 'source' : 'destination';
  return {
    [side]: { type: 'string', group, describe: `${what} cluster URL; several nodes comma-separated (e.g. ${EXAMPLE[side]}). user:password in the URL works but is never printed` },
    [`${side}-user`]: { type: 'string', group, describe: `basic auth user for the ${what} (env ${env}_USER)` },
    [`${side}-password`]: { type: 'string', group, describe: `basic auth password for the ${what}; prefer env ${env}_PASSWORD (command lines are visible to other users)` },
    [`${side}-cloud-id`]: { type: 'string', group, describe: `Elastic Cloud id of the ${what} deployment, instead of --${side} (env ${env}_CLOUD_ID)` },
    [`${side}-api-key`]: { type: 'string', group, describe: `API key for the ${what}: "id:api_key" or its base64 encoding (env ${env}_API_KEY)` },
    [`${side}-ca`]: { type: 'string', group, describe: `CA that signed the ${what}'s certificate: a PEM file, or the PEM text itself (env ${env}_CA)` },
    [`${side}-ca-fingerprint`]: { type: 'string', group, describe: `SHA-256 fingerprint of the ${what}'s certificate or its CA (hex, colons optional), checked instead of the system CAs (env ${env}_CA_FINGERPRINT)` },
    [`${side}-aws-region`]: { type: 'string', group, describe: `sign requests to the ${what} with AWS SigV4 for this region (Amazon OpenSearch Service; env ${env}_AWS_REGION); credentials from the standard AWS chain` },
    [`${side}-aws-service`]: { type: 'string', group, choices: ['es', 'aoss'], describe: `AWS service to sign for: es (managed domains, default) or aoss (OpenSearch Serverless) (env ${env}_AWS_SERVICE)` },
    [`${side}-aws-profile`]: { type: 'string', group, describe: `AWS profile for the ${what}'s credentials (shared config/credentials files; default: AWS_PROFILE or the standard chain) (env ${env}_AWS_PROFILE)` },
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
  const ca = flag('ca') ?? env[`${ENV}_CA`];
  const caIsPem = !!ca && ca.includes('-----BEGIN');
  const cert = flag('cert');
  const key = flag('key');
  for (const [name, file] of [['ca', caIsPem ? undefined : ca], ['cert', cert], ['key', key]] as const) {
    if (file && !existsSync(file)) throw new UsageError(`--${side}-${name}: file "${file}" not found${name === 'ca' ? ' (give a PEM file or the PEM text itself)' : ''}`);
  }
  if ((cert && !key) || (key && !cert)) throw new UsageError(`--${side}-cert and --${side}-key go together`);
  const fingerprint = flag('ca-fingerprint') ?? env[`${ENV}_CA_FINGERPRINT`];
  if (fingerprint !== undefined) {
    try {
      normalizeFingerprint(fingerprint);
    } catch (e) {
      throw new UsageError(`--${side}-ca-fingerprint: ${(e as Error).message}`);
    }
  }
  const insecure = argv.insecure === true;
  if (ca || cert || insecure || fingerprint) {
    opts.tls = { caFile: caIsPem ? undefined : ca, ca: caIsPem ? ca : undefined, certFile: cert, keyFile: key, caFingerprint: fingerprint, insecure };
  }
  const aws = awsOptions(side, flag, env);
  if (aws) {
    if (opts.auth) throw new UsageError(`--${side}-aws-region signs requests with AWS credentials: do not give --${side}-user/--${side}-password/--${side}-api-key with it`);
    opts.aws = aws;
  }
  const proxy = (argv.proxy as string | undefined) ?? env.ESFERRY_PROXY;
  if (proxy === 'none') {
    // a machine-wide HTTPS_PROXY that must not apply to these clusters
    opts.proxy = false;
  } else if (proxy !== undefined) {
    let u: URL;
    try {
      u = new URL(proxy);
    } catch {
      throw new UsageError(`--proxy: "${redactor.redact(proxy)}" is not a URL (expected e.g. http://proxy.example:3128)`);
    }
    redactor.addFromUrls([proxy]);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError('--proxy must start with http:// or https://');
    opts.proxy = proxy;
  }
  if (argv.compress === true) opts.compression = true;
  const timeout = argv[`${side}-timeout`];
  if (timeout !== undefined) {
    const s = Number(timeout);
    if (!Number.isFinite(s) || s <= 0) throw new UsageError(`--${side}-timeout must be a number of seconds > 0`);
    opts.requestTimeoutMs = s * 1000;
  }
  return opts;
}

function awsOptions(side: Side, flag: (name: string) => string | undefined, env: NodeJS.ProcessEnv): ConnectOptions['aws'] {
  const ENV = `ESFERRY_${side.toUpperCase()}`;
  const region = flag('aws-region') ?? env[`${ENV}_AWS_REGION`];
  const service = flag('aws-service') ?? env[`${ENV}_AWS_SERVICE`];
  const profile = flag('aws-profile') ?? env[`${ENV}_AWS_PROFILE`];
  if (!region) {
    if (service || profile) throw new UsageError(`--${side}-aws-service/--${side}-aws-profile need --${side}-aws-region (e.g. us-east-1)`);
    return undefined;
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`--${side}-aws-region: "${region}" is not an AWS region (e.g. us-east-1, eu-west-3)`);
  if (service !== undefined && service !== 'es' && service !== 'aoss') throw new UsageError(`--${side}-aws-service must be es (managed domains) or aoss (OpenSearch Serverless)`);
  return { region, service: (service as 'es' | 'aoss' | undefined) ?? 'es', ...(profile ? { profile } : {}) };
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
