// A source cluster that serves one index of N small-log documents from pre-rendered pages:
// scroll and sliced scroll (any version), PIT + search_after (>= 7.10). Positions live in the
// scroll id / search_after value, so serving costs a template copy per page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderHits, renderTemplate, corpusPool, type PageTemplate } from './page-templates.js';
import type { Version } from './banner.js';
import { jsonOf, sendBytes, sendJson } from './http-util.js';

export interface SourceOptions {
  index: string;
  docs: number;
  shards: number;
  version: Version;
  headers: Record<string, string>;
}

interface Cursor {
  /** next ordinal to serve, and the end of this slice's range */
  pos: number;
  end: number;
  size: number;
}

export function pageSource(o: SourceOptions): (req: IncomingMessage, res: ServerResponse, path: string, body: Buffer, url: string) => boolean {
  const pool = corpusPool();
  const templates = new Map<number, PageTemplate>();
  const shape = { index: o.index, type: o.version.major < 7 ? 'doc' : undefined };
  const template = (size: number) => {
    let t = templates.get(size);
    if (!t) templates.set(size, (t = renderTemplate(shape, size, pool)));
    return t;
  };
  const total = (n: number) => (o.version.major >= 7 ? `{"value":${n},"relation":"eq"}` : String(n));
  const shardsJson = `{"total":${o.shards},"successful":${o.shards},"skipped":0,"failed":0}`;
  const sliceRange = (slice: { id: number; max: number } | undefined): [number, number] => {
    if (!slice) return [0, o.docs];
    return [Math.floor((slice.id * o.docs) / slice.max), Math.floor(((slice.id + 1) * o.docs) / slice.max)];
  };
  const page = (res: ServerResponse, c: Cursor, rangeSize: number, head: string) => {
    const count = Math.max(0, Math.min(c.size, c.end - c.pos));
    const hits = renderHits(template(Math.max(count, 1)), c.pos, count);
    const prefix = Buffer.from(`{${head}"took":1,"timed_out":false,"_shards":${shardsJson},"hits":{"total":${total(rangeSize)},"max_score":null,"hits":[`);
    const suffix = Buffer.from(']}}');
    sendBytes(res, 200, Buffer.concat([prefix, hits, suffix], prefix.length + hits.length + suffix.length), o.headers);
    c.pos += count;
  };
  const scrollId = (c: Cursor, n: number) => Buffer.from(`${c.pos},${c.end},${c.size},${n}`).toString('base64url');
  const indexPath = `/${o.index}`;

  // size may come in the body or the query string (?size=)
  const sizeOf = (q: { size?: number }, url: string) => q.size ?? Number(/[?&]size=(\d+)/.exec(url)?.[1] ?? 10);
  return (req, res, path, body, url) => {
    const m = req.method!;
    if (path === `${indexPath}/_search` && req.url!.includes('scroll=')) {
      const q = jsonOf(body);
      const [start, end] = sliceRange(q.slice);
      const c: Cursor = { pos: start, end, size: sizeOf(q, url) };
      // the id names the position after this page
      const next = { ...c, pos: Math.min(end, start + c.size) };
      page(res, c, end - start, `"_scroll_id":"${scrollId(next, end - start)}",`);
      return true;
    }
    if (path === '/_search/scroll' && (m === 'POST' || m === 'GET')) {
      const q = jsonOf(body);
      const [pos, end, size, n] = Buffer.from(String(q.scroll_id), 'base64url').toString().split(',').map(Number) as [number, number, number, number];
      const c: Cursor = { pos, end, size };
      const next = { ...c, pos: Math.min(end, pos + size) };
      page(res, c, n, `"_scroll_id":"${scrollId(next, n)}",`);
      return true;
    }
    if (path === '/_search/scroll' && m === 'DELETE') {
      sendJson(res, 200, { succeeded: true, num_freed: 1 }, o.headers);
      return true;
    }
    if (path === `${indexPath}/_pit` && m === 'POST') {
      sendJson(res, 200, { id: Buffer.from(`pit:${o.index}`).toString('base64url') }, o.headers);
      return true;
    }
    if (path === '/_pit' && m === 'DELETE') {
      sendJson(res, 200, { succeeded: true, num_freed: 1 }, o.headers);
      return true;
    }
    if ((path === '/_search' || path === `${indexPath}/_search`) && m === 'POST') {
      // PIT / search_after: the sort value is the ordinal, search_after resumes after it
      const q = jsonOf(body);
      const [start, end] = sliceRange(q.slice);
      const after = Array.isArray(q.search_after) ? Number(q.search_after[0]) + 1 : start;
      const c: Cursor = { pos: Math.max(start, after), end, size: sizeOf(q, url) };
      page(res, c, end - start, q.pit ? `"pit_id":"${q.pit.id}",` : '');
      return true;
    }
    if (path === `${indexPath}/_count` || path === '/_count') {
      sendJson(res, 200, { count: o.docs, _shards: JSON.parse(shardsJson) }, o.headers);
      return true;
    }
    return false;
  };
}
