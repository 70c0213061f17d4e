// Authorization header from options or URL credentials, plus the secret values to scrub from messages.
import type { AuthOptions } from '../connect-options.js';
import { secretForms } from '../redact.js';

export interface ResolvedAuth {
  header?: string;
  secrets: string[];
}

export function resolveAuth(auth: AuthOptions | undefined, urlUser?: string, urlPassword?: string): ResolvedAuth {
  if (auth && 'apiKey' in auth) {
    return { header: `ApiKey ${auth.apiKey}`, secrets: secretForms([auth.apiKey]) };
  }
  if (auth && 'bearer' in auth) {
    return { header: `Bearer ${auth.bearer}`, secrets: secretForms([auth.bearer]) };
  }
  const username = auth && 'username' in auth ? auth.username : urlUser;
  const password = auth && 'password' in auth ? auth.password : urlPassword;
  if (username === undefined && password === undefined) return { secrets: [] };
  const token = Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64');
  return { header: `Basic ${token}`, secrets: secretForms([password, token]) };
}
