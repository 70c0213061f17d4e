// Child process entry of the "straightforward official client" contender: what a user writes
// with @elastic/elasticsearch 8 helpers, defaults kept. scrollSearch (not scrollDocuments) so
// the _id survives; helpers.bulk with its default flushBytes (5 MB) and concurrency (5).
import { parseArgs } from 'node:util';
import { Client } from '@elastic/elasticsearch';

const { values: v } = parseArgs({
  options: {
    source: { type: 'string' }, 'source-index': { type: 'string' },
    dest: { type: 'string' }, 'dest-index': { type: 'string' },
    'page-size': { type: 'string', default: '1000' },
  },
});
const started = performance.now();
const src = new Client({ node: v.source! });
const dst = new Client({ node: v.dest! });
const destIndex = v['dest-index']!;
let read = 0;

async function* hits() {
  for await (const page of src.helpers.scrollSearch<Record<string, unknown>>({ index: v['source-index']!, size: Number(v['page-size']), sort: ['_doc'] })) {
    for (const hit of page.body.hits.hits) {
      read++;
      yield hit;
    }
  }
}

const stats = await dst.helpers.bulk({
  datasource: hits(),
  onDocument: (hit) => [{ index: { _index: destIndex, _id: hit._id! } }, hit._source!],
});
await Promise.all([src.close(), dst.close()]);
process.stdout.write(JSON.stringify({ read, written: stats.successful, failed: stats.failed, retries: stats.retry, copyMs: performance.now() - started }) + '\n');
process.exitCode = stats.failed > 0 || stats.successful !== read ? 1 : 0;
