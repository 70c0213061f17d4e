// A 403 from an AWS-signed request, in one line that says which credentials were used and never the secret.
import { EsferryError } from '../errors.js';
import { redactText } from '../redact.js';
import type { AwsSigner } from './sigv4-signer.js';

export interface RejectionContext {
  method: string;
  url: string;
  /** parsed response body: AWS answers {"message": "..."} (or "Message") */
  body: unknown;
  secrets: readonly string[];
}

export function awsRejection(signer: AwsSigner, ctx: RejectionContext): EsferryError {
  const b = ctx.body && typeof ctx.body === 'object' ? (ctx.body as Record<string, unknown>) : {};
  const said = typeof b.message === 'string' ? b.message : typeof b.Message === 'string' ? b.Message : typeof ctx.body === 'string' ? ctx.body : '';
  const key = signer.accessKeyId();
  const signature = /signature/i.test(said);
  const hint = signature
    ? 'check the secret access key, and that the region and service match the endpoint'
    : 'check the IAM policy of these credentials and the domain or collection access policy';
  const text = `AWS refused ${ctx.method} ${ctx.url} (HTTP 403): ${said.split('\n')[0]!.slice(0, 300) || 'forbidden'} — credentials from ${signer.credentialSource}${key ? ` (access key ${key})` : ''}, region ${signer.region}, service ${signer.service}; ${hint}`;
  return new EsferryError('auth', redactText(text, ctx.secrets).replace(/\s*\n\s*/g, ' '), { status: 403, esType: 'aws_signature' });
}
