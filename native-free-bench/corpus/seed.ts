// Fills a source index of a test cluster through _bulk in big batches, two batches in flight.
import { createIndex, deleteIndex, countDocs } from '../lib/es-admin.js';
import { smallLogSource } from './small-logs.js';
import { largeDocSource } from './large-docs.js';

export type CorpusKind = 'small' | 'large';

export interface SeededCorpus {
  index: string;
  kind: CorpusKind;
  docs: number;
  /** sum of the _source JSON sizes: the payload every contender must move */
  sourceBytes: number;
}

export interface SeedOptions {
  url: string;
  index: string;
  kind: CorpusKind;
  count: number;
  /** mapping type for 6.x and older ('doc', like the shared corpus); undefined for typeless versions */
  type?: string;
  shards?: number;
}

const BATCH_BYTES = 8 * 1024 * 1024;

export async function seedCorpus(o: SeedOptions): Promise<SeededCorpus> {
  await deleteIndex(o.url, o.index);
  await createIndex(o.url, o.index, o.shards ?? 5);
  const next = o.kind === 'small' ? smallLogSource(o.index) : largeDocSource(o.index);
  let sourceBytes = 0;
  const inFlight = new Set<Promise<void>>();
  let parts: string[] = [];
  let batchBytes = 0;
  const flush = async () => {
    const body = parts.join('');
    parts = [];
    batchBytes = 0;
    const p = postBulk(o.url, body).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  };
  for (let i = 0; i < o.count; i++) {
    const source = next();
    sourceBytes += Buffer.byteLength(source);
    const meta = o.type ? `{"index":{"_index":"${o.index}","_type":"${o.type}","_id":"${o.index}-${i}"}}\n` : `{"index":{"_index":"${o.index}","_id":"${o.index}-${i}"}}\n`;
    parts.push(meta, source, '\n');
    batchBytes += meta.length + source.length + 1;
    if (batchBytes >= BATCH_BYTES) await flush();
  }
  if (parts.length) await flush();
  await Promise.all(inFlight);
  const seen = await countDocs(o.url, o.index);
  if (seen !== o.count) throw new Error(`seeding ${o.index}: ${seen} docs visible, expected ${o.count}`);
  return { index: o.index, kind: o.kind, docs: o.count, sourceBytes };
}

async function postBulk(url: string, body: string): Promise<void> {
  const r = await fetch(`${url}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`seed _bulk: HTTP ${r.status} ${text.slice(0, 300)}`);
  // cheap check first: a clean bulk answer says so near its start
  if (!/"errors"\s*:\s*false/.test(text.slice(0, 200))) {
    const j = JSON.parse(text);
    if (j.errors) {
      const bad = j.items.find((x: any) => (Object.values(x)[0] as any).error);
      throw new Error(`seed _bulk item error: ${JSON.stringify(bad)}`);
    }
  }
}
