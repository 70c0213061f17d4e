// Authorization header from options or URL credentials, plus the secret values to scrub from messages.
import type { AuthOptions } from '../connect-options.js';
import { secretForms } from '../redact.js';

export interface ResolvedAuth {
  header?: string;
  secrets: string[];
}

export function resolveAuth(auth: AuthOptions | undefined, urlUser?: string, urlPassword?: string): ResolvedAuth {
  if (auth && 'apiKey' in auth) {
    const encoded = encodeApiKey(auth.apiKey);
    const raw = typeof auth.apiKey === 'string' ? auth.apiKey : auth.apiKey.api_key;
    return { header: `ApiKey ${encoded}`, secrets: secretForms([raw, encoded]) };
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

/** The header value Elasticsearch expects: base64(id:api_key). A base64 string has no ':', so both string forms are unambiguous. */
export function encodeApiKey(apiKey: string | { id: string; api_key: string }): string {
  if (typeof apiKey !== 'string') return Buffer.from(`${apiKey.id}:${apiKey.api_key}`).toString('base64');
  return apiKey.includes(':') ? Buffer.from(apiKey).toString('base64') : apiKey;
}
