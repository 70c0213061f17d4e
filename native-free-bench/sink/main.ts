// A cheap ES-compatible endpoint for the cost bench, in its own process:
//   --role sink    a destination that checks _bulk bodies and answers them, indexing nothing
//   --role source  one index of --docs small-log documents served from pre-rendered pages
// Requests it does not model are answered 400 and logged to stderr, so a missing call shows.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { banner, parseVersion, productHeader } from './banner.js';
import { bulkSink } from './bulk-sink.js';
import { esError, readBody, sendJson } from './http-util.js';
import { metadata } from './metadata.js';
import { pageSource } from './page-source.js';

const { values: v } = parseArgs({
  options: {
    role: { type: 'string', default: 'sink' }, port: { type: 'string', default: '0' }, version: { type: 'string', default: '8.15' },
    index: { type: 'string', default: 'bench-src' }, docs: { type: 'string', default: '100000' }, shards: { type: 'string', default: '5' },
  },
});
const version = parseVersion(v.version!);
const headers = productHeader(version);
const shards = Number(v.shards);
const role = v.role === 'source' ? 'source' : 'sink';
const sink = role === 'sink' ? bulkSink({ version, headers }) : undefined;
const source = role === 'source' ? pageSource({ index: v.index!, docs: Number(v.docs), shards, version, headers }) : undefined;
const meta = metadata({ version, headers, shards: role === 'source' ? shards : 1, indices: () => (sink ? sink.indices() : [{ name: v.index!, docs: Number(v.docs) }]) });

const server = createServer(async (req, res) => {
  const url = req.url!;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const body = await readBody(req);
  if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) { sendJson(res, 200, banner(version, role), headers); return; }
  if (sink?.handle(req, res, path, body)) return;
  if (source?.(req, res, path, body, url)) return;
  if (meta(req, res, path)) return;
  process.stderr.write(`unmodelled ${req.method} ${url}\n`);
  sendJson(res, 400, esError(400, 'illegal_argument_exception', `the bench ${role} does not model ${req.method} ${path}`), headers);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(v.port), '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`bench ${role} ${version.number} listening on ${typeof a === 'object' && a ? a.port : v.port}\n`);
});
