// The destination side: _bulk bodies are checked for NDJSON shape (an action line naming one of
// index/create/update/delete, a source line after each but delete) and answered with a
// well-formed per-item response; nothing is indexed, only counted.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Version } from './banner.js';
import type { IndexRow } from './metadata.js';
import { esError, sendBytes, sendJson } from './http-util.js';

export interface SinkOptions {
  version: Version;
  headers: Record<string, string>;
}

const NL = 10;
const ACTIONS = new Set(['index', 'create', 'update', 'delete']);

export interface BulkVerdict {
  items: string[];
  error?: string;
}

/** Splits an NDJSON bulk body and answers each action; the error says which line is malformed. */
export function answerBulk(body: Buffer, defaultIndex: string | undefined, accepted: Map<string, number>, seq: { n: number }, typed: boolean): BulkVerdict {
  const items: string[] = [];
  let at = 0;
  let line = 0;
  while (at < body.length) {
    let end = body.indexOf(NL, at);
    if (end < 0) end = body.length;
    line++;
    if (end === at) { at = end + 1; continue; }
    let action: Record<string, Record<string, unknown>>;
    try {
      action = JSON.parse(body.toString('utf8', at, end));
    } catch {
      return { items, error: `line ${line}: action line is not JSON` };
    }
    const verbs = Object.keys(action);
    const verb = verbs[0]!;
    if (verbs.length !== 1 || !ACTIONS.has(verb)) return { items, error: `line ${line}: malformed action/metadata line, expected one of index/create/update/delete` };
    const meta = action[verb]!;
    const index = (meta._index as string | undefined) ?? defaultIndex;
    if (!index) return { items, error: `line ${line}: no index named by the action or the path` };
    at = end + 1;
    if (verb !== 'delete') {
      let send = body.indexOf(NL, at);
      if (send < 0) send = body.length;
      line++;
      // shape check without parsing: one JSON object on one line
      if (send === at || body[at] !== 0x7b || body[send - 1] !== 0x7d) return { items, error: `line ${line}: the source line of a ${verb} must be one JSON object` };
      at = send + 1;
    }
    const id = (meta._id as string | undefined) ?? `auto-${seq.n}`;
    accepted.set(index, (accepted.get(index) ?? 0) + (verb === 'delete' ? 0 : 1));
    const status = verb === 'delete' ? 200 : 201;
    const result = verb === 'delete' ? 'not_found' : verb === 'update' ? 'updated' : 'created';
    items.push(`{"${verb}":{"_index":${JSON.stringify(index)},${typed ? `"_type":"${(meta._type as string | undefined) ?? 'doc'}",` : ''}"_id":${JSON.stringify(id)},"_version":1,"result":"${result}","_shards":{"total":1,"successful":1,"failed":0},"_seq_no":${seq.n++},"_primary_term":1,"status":${status}}}`);
  }
  return { items };
}

export interface BulkSink {
  handle(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): boolean;
  exists(index: string): boolean;
  indices(): IndexRow[];
}

export function bulkSink(o: SinkOptions): BulkSink {
  const accepted = new Map<string, number>();
  const created = new Set<string>();
  const seq = { n: 0 };
  const typed = o.version.major < 7;
  const exists = (i: string) => created.has(i) || accepted.has(i);
  const handle = (req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): boolean => {
    const m = req.method!;
    const parts = path.split('/').filter(Boolean);
    if (parts.at(-1) === '_bulk' && (m === 'POST' || m === 'PUT')) {
      const started = performance.now();
      const v = answerBulk(body, parts.length > 1 ? decodeURIComponent(parts[0]!) : undefined, accepted, seq, typed);
      if (v.error) sendJson(res, 400, esError(400, 'illegal_argument_exception', v.error), o.headers);
      else sendBytes(res, 200, `{"took":${Math.round(performance.now() - started)},"errors":false,"items":[${v.items.join(',')}]}`, o.headers);
      return true;
    }
    if (parts.length === 0) return false;
    const index = decodeURIComponent(parts[0]!);
    if (index.startsWith('_')) return false;
    const rest = parts.slice(1).join('/');
    if (rest === '' && m === 'HEAD') { res.writeHead(exists(index) ? 200 : 404, o.headers).end(); return true; }
    if (rest === '' && m === 'PUT') {
      if (exists(index)) { sendJson(res, 400, esError(400, 'resource_already_exists_exception', `index [${index}] already exists`), o.headers); return true; }
      created.add(index);
      sendJson(res, 200, { acknowledged: true, shards_acknowledged: true, index }, o.headers);
      return true;
    }
    if (rest === '' && m === 'DELETE') {
      const had = exists(index);
      created.delete(index);
      accepted.delete(index);
      if (had) sendJson(res, 200, { acknowledged: true }, o.headers);
      else sendJson(res, 404, esError(404, 'index_not_found_exception', `no such index [${index}]`), o.headers);
      return true;
    }
    if (!exists(index)) {
      sendJson(res, 404, esError(404, 'index_not_found_exception', `no such index [${index}]`), o.headers);
      return true;
    }
    if (rest === '_refresh' || rest === '_flush') { sendJson(res, 200, { _shards: { total: 1, successful: 1, failed: 0 } }, o.headers); return true; }
    if (rest === '_count') { sendJson(res, 200, { count: accepted.get(index) ?? 0, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } }, o.headers); return true; }
    return false;
  };
  const indices = () => [...new Set([...created, ...accepted.keys()])].map((name) => ({ name, docs: accepted.get(name) ?? 0 }));
  return { handle, exists, indices };
}
