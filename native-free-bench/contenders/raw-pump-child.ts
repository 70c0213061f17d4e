// Child process entry of the raw byte pump contender. Prints its result as one JSON line.
import { parseArgs } from 'node:util';
import { pump } from '../raw/pump.js';

const { values: v } = parseArgs({
  options: {
    source: { type: 'string' }, 'source-index': { type: 'string' },
    dest: { type: 'string' }, 'dest-index': { type: 'string' },
    slices: { type: 'string', default: '5' }, 'page-size': { type: 'string', default: '1000' },
    writers: { type: 'string', default: '4' }, 'max-page-bytes': { type: 'string', default: '0' },
  },
});
const result = await pump({
  source: v.source!, sourceIndex: v['source-index']!, dest: v.dest!, destIndex: v['dest-index']!,
  slices: Number(v.slices), pageSize: Number(v['page-size']), maxPageBytes: Number(v['max-page-bytes']) || undefined, writers: Number(v.writers),
});
process.stdout.write(JSON.stringify({ read: result.read, written: result.written, failed: result.failed, retries: result.retries, pageSize: result.pageSize, bytesRead: result.bytesRead, copyMs: result.ms }) + '\n');
process.exitCode = result.failed > 0 || result.read !== result.written ? 1 : 0;
