// Secrets never leave the cluster layer: every URL, header set and message it produces passes here.

const MASK = '***';

/** `https://user:pass@host:9200/x` → `https://***@host:9200/x`. Non-URLs are scrubbed as text. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return redactText(url);
  }
  if (!u.username && !u.password) return url;
  u.username = '';
  u.password = '';
  let out = u.toString().replace('//', `//${MASK}@`);
  if (!url.endsWith('/') && out.endsWith('/') && u.pathname === '/') out = out.slice(0, -1);
  return out;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** Copy of the headers with credentials masked (names compared case-insensitively). */
export function redactHeaders<T extends Record<string, unknown>>(headers: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? MASK : v;
  return out as T;
}

// scheme://userinfo@ anywhere in a text (undici and Node put origins in their messages)
const USERINFO_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/** Masks URL credentials found anywhere in free text, and every listed secret value. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(USERINFO_IN_TEXT, `$1${MASK}@`);
  for (const s of secrets) {
    // very short values would mask ordinary words; they are still never printed by this layer
    if (s.length >= 3) out = out.split(s).join(MASK);
  }
  return out;
}

/** Every form a credential can take on the wire, so messages can be scrubbed of all of them. */
export function secretForms(values: readonly (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (!v) continue;
    out.add(v);
    out.add(encodeURIComponent(v));
  }
  return [...out];
}
