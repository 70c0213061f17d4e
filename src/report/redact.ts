// Keeping secrets out of everything esferry prints or writes. Output passes through a Redactor that
// knows every secret the user gave (URL passwords, --*-password, API keys), so even a message
// quoting a server error cannot leak one.

/** URL with user info removed ("http://u:p@h:9200/" → "http://h:9200/"); non-URLs returned as is. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, '//');
  }
}

export class Redactor {
  private readonly secrets = new Set<string>();

  /** remember a secret (and its URL-encoded form) so it is masked wherever it appears */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 3) return;
    this.secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.secrets.add(encoded);
  }

  /** remember the user-info part of every URL in a comma-separated node list */
  addFromUrls(urls: string[]): void {
    for (const url of urls) {
      try {
        const u = new URL(url);
        if (u.password) {
          this.add(u.password);
          this.add(decodeURIComponent(u.password));
        }
      } catch {
        /* not a URL: nothing to learn */
      }
    }
  }

  redact(text: string): string {
    let out = text.replace(/(\w+:\/\/)[^/@\s'"]*:[^/@\s'"]*@/g, '$1');
    // longest first so a secret containing another is masked whole
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
    return out;
  }
}
