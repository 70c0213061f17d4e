// Says in words where AWS credentials will come from, for messages. The chain itself decides; this
// only mirrors its order for the sources a user sets on purpose, and never reads a secret.
import type { AwsOptions } from '../connect-options.js';

export function credentialSourceOf(opts: AwsOptions, env: NodeJS.ProcessEnv): string {
  if (opts.credentials) return 'the credentials given in the connection options';
  if (opts.profile) return `AWS profile "${opts.profile}" (shared config/credentials files)`;
  if (env.AWS_ACCESS_KEY_ID) return 'environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY';
  if (env.AWS_PROFILE) return `AWS profile "${env.AWS_PROFILE}" (AWS_PROFILE)`;
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) return 'web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)';
  return 'the default AWS credential chain (shared files, SSO, container or instance role)';
}
