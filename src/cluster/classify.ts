// The one place that turns HTTP statuses, ES error bodies and socket errors into EsferryError kinds.
import { STATUS_CODES } from 'node:http';
import { EsferryError } from './errors.js';
import { redactText } from './redact.js';

/** What ES puts under `error`: an object with type/reason/root_cause, or a plain string (2.x, alias APIs). */
export interface EsErrorInfo {
  type?: string;
  reason?: string;
  index?: string;
}

/** Digs the error type/reason/index out of an ES error body of any version. */
export function esErrorInfo(body: unknown): EsErrorInfo {
  if (body === null || typeof body !== 'object') {
    return typeof body === 'string' && body.trim() ? { reason: textExcerpt(body) } : {};
  }
  const b = body as Record<string, unknown>;
  const err = b.error;
  if (typeof err === 'string') return { reason: firstLine(err) };
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const roots = Array.isArray(e.root_cause) ? (e.root_cause as Record<string, unknown>[]) : [];
    const root = roots[0];
    // a search_phase_execution_exception's useful reason is its root cause's
    const useRoot = root && (e.type === 'search_phase_execution_exception' || !e.reason);
    const src = useRoot ? root : e;
    return {
      type: str(e.type) ?? str(root?.type),
      reason: str(src.reason) ?? str(e.reason),
      index: str(e.index) ?? str(e['resource.id']) ?? str(root?.index),
    };
  }
  return {};
}

const REJECTED_TYPES = new Set(['es_rejected_execution_exception', 'rejected_execution_exception']);

export interface HttpErrorContext {
  status: number;
  body: unknown;
  method: string;
  /** redacted node URL + path, e.g. "https://***@es:9200/logs/_search" */
  url: string;
  /** secrets to scrub from ES's own texts as well */
  secrets?: readonly string[];
}

/** Classifies a non-2xx response. */
export function classifyHttpError(ctx: HttpErrorContext): EsferryError {
  const { status, method } = ctx;
  const info = esErrorInfo(ctx.body);
  const where = `${method} ${ctx.url}`;
  const reason = info.reason ? `: ${info.type ? `${info.type}: ` : ''}${info.reason}` : info.type ? `: ${info.type}` : '';
  const clean = (m: string) => oneLine(redactText(m, ctx.secrets));
  const opts = { status, esType: info.type };

  if (status === 401) {
    return new EsferryError('auth', clean(`authentication failed for ${ctx.url}: check credentials (HTTP 401)`), opts);
  }
  if (status === 403) {
    // the credentials were accepted; the user lacks a privilege, which ES names in the reason
    return new EsferryError('auth', clean(`authorization failed for ${where}: the user is not allowed to do this (HTTP 403)${reason}`), opts);
  }
  if (status === 429 || status === 503 || (info.type && REJECTED_TYPES.has(info.type))) {
    return new EsferryError('rejected', clean(`${where} was rejected (HTTP ${status})${reason}`), opts);
  }
  if (status === 404 && info.type === 'index_not_found_exception') {
    const name = info.index ?? 'unknown';
    return new EsferryError('index_missing', clean(`index "${name}" does not exist (${where})`), opts);
  }
  if (status === 408) return new EsferryError('timeout', clean(`${where} timed out on the server (HTTP 408)${reason}`), opts);
  const line = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
  if (status >= 500) return new EsferryError('server', clean(`${where} failed with ${line}${reason}`), opts);
  return new EsferryError('request', clean(`${where} failed with ${line}${reason}`), opts);
}

// Errors raised before a request reached the server: always safe to send to another node.
const CONNECT_PHASE_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

// Node's TLS verification failures (openssl reason codes surfaced by tls.connect)
const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown certificate issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown certificate issuer',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
  CERT_UNTRUSTED: 'certificate is not trusted',
  EPROTO: 'TLS protocol error (is the node really speaking https?)',
};

export interface NetworkErrorContext {
  method: string;
  url: string;
  secrets?: readonly string[];
  /** the request's own deadline fired */
  timedOutAfterMs?: number;
  /** the caller's signal fired */
  aborted?: boolean;
}

/** Code of an error or of the first cause that has one (undici wraps socket errors). */
export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR') return code;
    const next = (e as { cause?: unknown }).cause;
    if (!next) return typeof code === 'string' ? code : undefined;
    e = next;
  }
  return undefined;
}

/** True when the request certainly never reached the server (safe to resend anywhere). */
export function isConnectPhase(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && CONNECT_PHASE_CODES.has(code);
}

/** Classifies an error thrown while talking to a node (no HTTP response). */
export function classifyNetworkError(err: unknown, ctx: NetworkErrorContext): EsferryError {
  if (err instanceof EsferryError) return err;
  const code = errorCode(err);
  const where = `${ctx.method} ${ctx.url}`;
  const clean = (m: string) => oneLine(redactText(m, ctx.secrets));
  const detail = clean(err instanceof Error ? err.message : String(err));
  if (ctx.aborted && ctx.timedOutAfterMs === undefined) return new EsferryError('aborted', clean(`${where} was cancelled`));
  if (ctx.timedOutAfterMs !== undefined || (code && TIMEOUT_CODES.has(code))) {
    const after = ctx.timedOutAfterMs !== undefined ? ` after ${ctx.timedOutAfterMs} ms` : '';
    return new EsferryError('timeout', clean(`${where} timed out${after} (${code ?? 'request timeout'})`));
  }
  // undici's tunnel: "Proxy response (407) !== 200 when HTTP Tunneling"
  const proxyStatus = /Proxy response \((\d{3})\)/.exec(detail)?.[1];
  if (proxyStatus === '407') {
    return new EsferryError('auth', clean(`the proxy refused its credentials for ${where} (HTTP 407 Proxy Authentication Required): check user:password in the proxy URL`), { status: 407 });
  }
  if (proxyStatus) return new EsferryError('connection', clean(`the proxy would not open a tunnel for ${where} (HTTP ${proxyStatus})`));
  if (code === 'ESFERRY_CERT_FINGERPRINT') {
    return new EsferryError('tls', clean(`TLS certificate check failed for ${ctx.url}: ${detail}; check the CA fingerprint option`));
  }
  if (code && code in TLS_CODES) {
    return new EsferryError('tls', clean(`TLS certificate verification failed for ${ctx.url}: ${TLS_CODES[code]} (${code}); pass the cluster's CA file, or insecure to skip verification`));
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return new EsferryError('tls', clean(`TLS handshake with ${ctx.url} failed: the node does not speak https (${code})`));
  }
  return new EsferryError('connection', clean(`cannot reach ${where}: ${code ? `${code} ` : ''}${detail}`.trim()));
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * A useful excerpt of a non-JSON body: the <title> (or the text without tags) of a proxy's HTML
 * error page, else the first line — never a bare "<html>".
 */
export function textExcerpt(body: string, max = 200): string {
  if (/^\s*</.test(body) && /<(html|!doctype|body|head|title|h1)\b/i.test(body)) {
    const text = (s: string) => s.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
    const title = text(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? '');
    const bodyText = text(body.replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, ' '));
    const joined = title && !bodyText.includes(title) ? `${title} — ${bodyText}` : bodyText || title;
    return `HTML page: ${joined.length > max ? `${joined.slice(0, max)}…` : joined || '(empty)'}`;
  }
  return firstLine(body).slice(0, max * 2);
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0]!.slice(0, 500);
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
