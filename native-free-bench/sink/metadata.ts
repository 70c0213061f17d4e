// The metadata calls a copy makes around the data (settings, mappings, aliases, health), answered
// for every index the same way: one shard-count-sized index with an open mapping.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Version } from './banner.js';
import { sendJson } from './http-util.js';

export interface IndexRow {
  name: string;
  docs: number;
}

export function metadata(o: { version: Version; headers: Record<string, string>; shards: number; indices: () => IndexRow[] }):
  (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  const settings = (index: string) => ({
    index: { number_of_shards: String(o.shards), number_of_replicas: '0', refresh_interval: '1s', provided_name: index, uuid: `${index}-uuid`, creation_date: '1764547200000', version: { created: '1' } },
  });
  const mappings = () => (o.version.major < 7 ? { doc: { properties: {} } } : { properties: {} });
  return (req, res, path) => {
    const m = req.method!;
    const parts = path.split('/').filter(Boolean);
    const send = (b: unknown) => { sendJson(res, 200, b, o.headers); return true; };
    if (path === '/_cluster/health') return send({ cluster_name: 'bench', status: 'green', number_of_nodes: 1, number_of_data_nodes: 1, active_primary_shards: o.shards, active_shards: o.shards, relocating_shards: 0, initializing_shards: 0, unassigned_shards: 0 });
    if (path === '/_cat/indices') {
      return send(o.indices().map((i) => ({
        health: 'green', status: 'open', index: i.name, uuid: `${i.name}-uuid`, pri: String(o.shards), rep: '0',
        'docs.count': String(i.docs), 'docs.deleted': '0', 'store.size': String(i.docs * 620), 'pri.store.size': String(i.docs * 620),
      })));
    }
    // an idle, unbounded write pool: the bench measures the copier, not back-pressure
    if (parts[0] === '_cat' && parts[1] === 'thread_pool') {
      return send([{ node_name: 'bench', host: '127.0.0.1', name: o.version.major >= 6 ? 'write' : 'bulk', active: '0', queue: '0', rejected: '0', size: '2', queue_size: '10000' }]);
    }
    if (parts[0] === '_nodes') return send({ _nodes: { total: 1, successful: 1, failed: 0 }, cluster_name: 'bench', nodes: {} });
    if (parts[0] === '_alias' || parts[0] === '_aliases' || parts[0] === '_template' || parts[0] === '_index_template') return send({});
    if (parts.length < 1 || parts[0]!.startsWith('_')) return false;
    const index = decodeURIComponent(parts[0]!);
    if (!o.indices().some((i) => i.name === index)) return false;
    const rest = parts.slice(1).join('/');
    if (m === 'GET' && rest === '') return send({ [index]: { aliases: {}, mappings: mappings(), settings: settings(index) } });
    if (rest === '_settings' || rest.startsWith('_settings/')) return m === 'GET' ? send({ [index]: { settings: settings(index) } }) : send({ acknowledged: true });
    if (rest === '_mapping' || rest.startsWith('_mapping/') || rest.startsWith('_mappings')) return m === 'GET' ? send({ [index]: { mappings: mappings() } }) : send({ acknowledged: true });
    if (rest === '_alias' || rest === '_aliases') return send({ [index]: { aliases: {} } });
    return false;
  };
}
