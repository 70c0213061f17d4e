// The raw byte pump: the physical limit of this machine and the test cluster. Reads the source
// with sliced scrolls and posts each page as one bulk body made of the hits' raw _source bytes,
// with the same page size and concurrency as esferry and no other per-document work.
import { Pool } from 'undici';
import { oneLine } from '../../src/write/bulk-body.js';
import { scanPage, type HitSpan } from './hit-spans.js';
import { Semaphore } from './semaphore.js';

export interface PumpOptions {
  source: string;
  sourceIndex: string;
  dest: string;
  destIndex: string;
  slices: number;
  pageSize: number;
  /** page size shrinks so a page stays under this many bytes (esferry's maxPageBytes rule) */
  maxPageBytes?: number;
  writers: number;
  keepAlive?: string;
  /** how many times a 429-rejected item is sent again */
  maxRetries?: number;
}

export interface PumpResult {
  read: number;
  written: number;
  failed: number;
  retries: number;
  bytesRead: number;
  bytesWritten: number;
  /** page size actually used */
  pageSize: number;
  ms: number;
}

export async function pump(o: PumpOptions): Promise<PumpResult> {
  const started = performance.now();
  const src = new Pool(o.source, { connections: o.slices + 1, pipelining: 1 });
  const dst = new Pool(o.dest, { connections: o.writers, pipelining: 1 });
  const writers = new Semaphore(o.writers);
  const keepAlive = o.keepAlive ?? '5m';
  const r: PumpResult = { read: 0, written: 0, failed: 0, retries: 0, bytesRead: 0, bytesWritten: 0, pageSize: o.pageSize, ms: 0 };
  const prefix = Buffer.from(`{"index":{"_index":${JSON.stringify(o.destIndex)},"_id":"`);
  const routingMid = Buffer.from('","routing":"');
  const suffix = Buffer.from('"}}\n');
  const newline = Buffer.from('\n');
  const pending = new Set<Promise<void>>();
  let failure: unknown;

  const post = async (path: string, body: unknown): Promise<Buffer> => {
    const res = await src.request({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const buf = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode} ${buf.toString('utf8', 0, 300)}`);
    r.bytesRead += buf.length;
    return buf;
  };

  const bulkBody = (hits: HitSpan[]): Buffer => {
    const parts: Buffer[] = [];
    for (const h of hits) {
      parts.push(prefix, h.id);
      if (h.routing) parts.push(routingMid, h.routing);
      parts.push(suffix, oneLine(h.source), newline);
    }
    return Buffer.concat(parts);
  };

  const writeBulk = async (hits: HitSpan[], attempt = 0): Promise<void> => {
    const body = bulkBody(hits);
    const res = await dst.request({ method: 'POST', path: '/_bulk', headers: { 'content-type': 'application/x-ndjson' }, body });
    const buf = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode === 429 && attempt < (o.maxRetries ?? 10)) {
      r.retries += hits.length;
      await backoff(attempt);
      return writeBulk(hits, attempt + 1);
    }
    if (res.statusCode !== 200) throw new Error(`_bulk: HTTP ${res.statusCode} ${buf.toString('utf8', 0, 300)}`);
    r.bytesWritten += body.length;
    // a clean answer says "errors":false right after "took"; only a dirty one is parsed
    const head = buf.toString('latin1', 0, 64);
    if (head.includes('"errors":false')) {
      r.written += hits.length;
      return;
    }
    const items = (JSON.parse(buf.toString('utf8')) as { items: Array<Record<string, { status: number }>> }).items;
    const again: HitSpan[] = [];
    items.forEach((it, k) => {
      const status = Object.values(it)[0]!.status;
      if (status < 300) r.written++;
      else if (status === 429 && attempt < (o.maxRetries ?? 10)) again.push(hits[k]!);
      else r.failed++;
    });
    if (again.length) {
      r.retries += again.length;
      await backoff(attempt);
      await writeBulk(again, attempt + 1);
    }
  };

  const send = async (hits: HitSpan[]) => {
    await writers.acquire();
    const p = writeBulk(hits)
      .catch((e) => { failure ??= e; })
      .finally(() => { writers.release(); pending.delete(p); });
    pending.add(p);
  };

  // same rule as esferry: a 10-hit probe sizes the page so a whole page fits maxPageBytes
  let pageSize = o.pageSize;
  if (o.maxPageBytes) {
    const probe = await post(`/${encodeURIComponent(o.sourceIndex)}/_search`, { size: 10, sort: ['_doc'] });
    const hits = scanPage(probe).hits.length;
    if (hits > 0) pageSize = Math.max(1, Math.min(pageSize, Math.floor((o.maxPageBytes * 0.9) / (probe.length / hits))));
  }
  r.pageSize = pageSize;

  const readSlice = async (id: number) => {
    const body: Record<string, unknown> = { size: pageSize, sort: ['_doc'] };
    if (o.slices > 1) body.slice = { id, max: o.slices };
    let page = scanPage(await post(`/${encodeURIComponent(o.sourceIndex)}/_search?scroll=${keepAlive}`, body));
    const scrollIds = new Set<string>();
    while (page.hits.length > 0 && failure === undefined) {
      if (page.scrollId) scrollIds.add(page.scrollId);
      r.read += page.hits.length;
      await send(page.hits);
      page = scanPage(await post('/_search/scroll', { scroll: keepAlive, scroll_id: page.scrollId }));
    }
    if (page.scrollId) scrollIds.add(page.scrollId);
    if (scrollIds.size) {
      const res = await src.request({ method: 'DELETE', path: '/_search/scroll', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scroll_id: [...scrollIds] }) });
      await res.body.arrayBuffer();
    }
  };

  try {
    await Promise.all(Array.from({ length: o.slices }, (_, id) => readSlice(id)));
    while (pending.size) await Promise.all([...pending]);
    if (failure !== undefined) throw failure;
  } finally {
    await Promise.all([src.close(), dst.close()]);
  }
  r.ms = performance.now() - started;
  return r;
}

function backoff(attempt: number): Promise<void> {
  return new Promise((res) => setTimeout(res, Math.min(2000, 50 * 2 ** attempt)));
}
