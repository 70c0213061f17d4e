// Loads the real Elasticsearch request/response transcripts and compares response shapes.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Transcript {
  file: string;
  title: string;
  note: string;
  request: { method: string; path: string; headers?: Record<string, string>; body?: unknown };
  response: { status: number; headers?: Record<string, string | string[]>; body?: unknown };
}

const here = dirname(fileURLToPath(import.meta.url));
/** ../shared/es-transcripts next to the repo (CI clones the repo with shared/ beside it). */
export const TRANSCRIPTS_DIR = [join(here, '../../../shared/es-transcripts'), join(here, '../../../../shared/es-transcripts')]
  .find((d) => existsSync(d)) ?? join(here, '../../../shared/es-transcripts');

export function transcriptsAvailable(): boolean {
  return existsSync(TRANSCRIPTS_DIR);
}

export function loadTranscripts(version: '2.4' | '5.6' | '6.2'): Transcript[] {
  const dir = join(TRANSCRIPTS_DIR, version);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }) as Transcript);
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Structural difference between a recorded body and ours: same JSON kinds, same object keys,
 * same array lengths, recursively. Values themselves (took, ids, dates) are not compared.
 * Returns human-readable differences; empty means the shapes match.
 */
export function shapeDiff(expected: unknown, actual: unknown, path = '$', out: string[] = []): string[] {
  const ke = kind(expected);
  const ka = kind(actual);
  if (ke !== ka) {
    out.push(`${path}: expected ${ke}, got ${ka}`);
    return out;
  }
  if (ke === 'array') {
    const e = expected as unknown[];
    const a = actual as unknown[];
    if (e.length !== a.length) out.push(`${path}: expected ${e.length} elements, got ${a.length}`);
    for (let i = 0; i < Math.min(e.length, a.length); i++) shapeDiff(e[i], a[i], `${path}[${i}]`, out);
  } else if (ke === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const k of Object.keys(e)) {
      if (!(k in a)) out.push(`${path}.${k}: missing`);
      else shapeDiff(e[k], a[k], `${path}.${k}`, out);
    }
    for (const k of Object.keys(a)) if (!(k in e)) out.push(`${path}.${k}: unexpected key`);
  }
  return out;
}

/** media type without parameters, lower-cased: "application/json" */
export function mediaType(ct: string | string[] | undefined): string | undefined {
  const v = Array.isArray(ct) ? ct[0] : ct;
  return v?.split(';')[0]?.trim().toLowerCase();
}
