// Keeping secrets out of everything esferry prints or writes. Output passes through a Redactor that
// knows every secret the user gave (URL passwords, --*-password, API keys), so even a message
// quoting a server error cannot leak one. URL user info is masked by the cluster layer's rules.
import { redactText } from '../cluster/redact.js';

export class Redactor {
  private readonly secrets = new Set<string>();

  /** remember a secret (and its URL-encoded form) so it is masked wherever it appears */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 3) return;
    this.secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.secrets.add(encoded);
  }

  /** remember the password of every URL in a node list (raw and decoded forms) */
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
    // longest first so a secret containing another is masked whole
    return redactText(text, [...this.secrets].sort((a, b) => b.length - a.length));
  }
}
