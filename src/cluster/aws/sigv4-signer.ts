// AWS Signature Version 4 for Amazon OpenSearch Service / Elasticsearch Service ("es") and
// OpenSearch Serverless ("aoss"). The AWS libraries are imported on first use only, so a user who
// never talks to AWS loads none of them.
//
// Request bodies are always buffered by the transport (bulks are built in memory, gzip is applied
// before sending), so every body is signed by its SHA-256 — the compressed bytes when gzipped,
// since that is what travels. UNSIGNED-PAYLOAD is never used: "es" domains refuse it, and aoss
// needs x-amz-content-sha256 anyway, which the signer sets from the same hash.
import type { AwsOptions } from '../connect-options.js';
import { EsferryError } from '../errors.js';
import { credentialSourceOf } from './credential-source.js';

export interface SignableRequest {
  method: string;
  /** `host[:port]` exactly as sent in the Host header */
  host: string;
  /** path as sent, percent-encoded (the signer encodes it once more, as SigV4 wants for non-S3 services) */
  path: string;
  query?: Record<string, string>;
  /** headers that will be sent (names lower-case) */
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface AwsSigner {
  /** headers to add: authorization, x-amz-date, x-amz-content-sha256 (+ x-amz-security-token) */
  sign(req: SignableRequest, signingDate?: Date): Promise<Record<string, string>>;
  /** where the credentials come from, for error messages (never the secret) */
  readonly credentialSource: string;
  readonly region: string;
  readonly service: string;
  /** the access key id, once credentials were resolved (to scrub nothing secret, but to name it) */
  accessKeyId(): string | undefined;
  /** the secret and session token, once resolved, so the redactor can mask them */
  secrets(): string[];
}

type Provider = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;

/**
 * Builds the signer, loading @smithy/signature-v4 (and the credential chain unless credentials are given).
 * `bodyHashHeader: false` only reproduces AWS's published test vectors, which predate the
 * x-amz-content-sha256 header; requests always carry it.
 */
export async function createAwsSigner(opts: AwsOptions, env: NodeJS.ProcessEnv = process.env, { bodyHashHeader = true } = {}): Promise<AwsSigner> {
  const service = opts.service ?? 'es';
  if (!opts.region) throw new EsferryError('bad_input', 'AWS signing needs a region (e.g. us-east-1)');
  const [{ SignatureV4 }, { Hash }] = await Promise.all([
    importOptional<typeof import('@smithy/signature-v4')>('@smithy/signature-v4'),
    importOptional<typeof import('@smithy/hash-node')>('@smithy/hash-node'),
  ]);
  const source = credentialSourceOf(opts, env);
  let provider: Provider;
  if (opts.credentials) {
    const given = opts.credentials;
    provider = async () => given;
  } else {
    const { fromNodeProviderChain } = await importOptional<typeof import('@aws-sdk/credential-providers')>('@aws-sdk/credential-providers');
    // the chain memoizes and refreshes expiring credentials (web identity, container, instance roles)
    provider = fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {});
  }
  let resolved: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  const credentials: Provider = async () => {
    try {
      resolved = await provider();
      return resolved;
    } catch (err) {
      throw new EsferryError('auth', `no AWS credentials from ${source}: ${oneLine((err as Error).message)}`);
    }
  };
  const signer = new SignatureV4({ credentials, region: opts.region, service, sha256: Hash.bind(null, 'sha256'), uriEscapePath: true, applyChecksum: bodyHashHeader });
  return {
    credentialSource: source,
    region: opts.region,
    service,
    accessKeyId: () => resolved?.accessKeyId,
    secrets: () => [resolved?.secretAccessKey, resolved?.sessionToken].filter((s): s is string => !!s),
    async sign(req, signingDate) {
      const headers: Record<string, string> = { ...req.headers, host: req.host };
      const { hostname, port } = new URL(`https://${req.host}`);
      const signed = await signer.sign({
        method: req.method,
        protocol: 'https:',
        // the signed Host header is req.host itself; hostname/port only complete the request shape
        hostname,
        port: port ? Number(port) : undefined,
        path: req.path,
        query: req.query ?? {},
        headers,
        body: req.body,
      }, signingDate ? { signingDate } : undefined);
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(signed.headers)) {
        if (headers[k] !== v || k === 'host') out[k.toLowerCase()] = String(v);
      }
      return out;
    },
  };
}

async function importOptional<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (err) {
    throw new EsferryError('bad_input', `AWS signing needs the package ${name} (an optional dependency of esferry): run npm install ${name} (${oneLine((err as Error).message)})`);
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
