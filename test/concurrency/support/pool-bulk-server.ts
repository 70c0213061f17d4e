// A minimal `_bulk` endpoint in front of the test cluster's WritePool model: each bulk becomes one
// shard task per shard (documents spread by id), answered like ES does — HTTP 200 with item-level
// 429 es_rejected_execution_exception for the tasks the full queue turned away.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WritePool, type WritePoolCapacity } from '../../../fixtures/cluster/thread-pool/write-pool.js';

export interface PoolBulkServer {
  url: string;
  pool: WritePool;
  /** ids stored so far (a second write of an id overwrites, as `index` does) */
  stored: Set<string>;
  close(): Promise<void>;
}

export async function startPoolBulkServer(capacity: WritePoolCapacity, shards = 1): Promise<PoolBulkServer> {
  const pool = new WritePool(capacity);
  const stored = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void answer(Buffer.concat(chunks).toString('utf8')).then((body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
  });

  async function answer(ndjson: string): Promise<unknown> {
    const lines = ndjson.split('\n').filter((l) => l.length > 0);
    const ids: string[] = [];
    for (let i = 0; i < lines.length; i += 2) ids.push((JSON.parse(lines[i]!) as { index: { _id: string } }).index._id);
    const byShard = new Map<number, number[]>();
    ids.forEach((id, k) => {
      const shard = Number(id) % shards;
      byShard.set(shard, [...(byShard.get(shard) ?? []), k]);
    });
    const status: number[] = new Array(ids.length).fill(201);
    await Promise.all(
      [...byShard.values()].map(async (positions) => {
        const outcome = await pool.submit(positions.length, () => positions.forEach((k) => stored.add(ids[k]!)));
        if (outcome.kind === 'rejected') for (const k of positions) status[k] = 429;
      }),
    );
    return {
      took: 1,
      errors: status.some((s) => s !== 201),
      items: ids.map((id, k) =>
        status[k] === 201
          ? { index: { _index: 'i', _id: id, status: 201, result: 'created' } }
          : { index: { _index: 'i', _id: id, status: 429, error: { type: 'es_rejected_execution_exception', reason: 'rejected execution' } } },
      ),
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pool,
    stored,
    close: () =>
      new Promise<void>((resolve) => {
        pool.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
