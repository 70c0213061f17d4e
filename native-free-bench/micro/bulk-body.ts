// Building an NDJSON bulk body: raw _source passthrough (esferry) vs parse + stringify per doc.
import { docBytes, oneLine, writeDocAt } from '../../src/write/bulk-body.js';
import { dialectOf } from '../../src/cluster/dialects/index.js';
import type { WriteDoc } from '../../src/pipeline/write-doc.js';
import { searchPage } from './fixtures.js';
import { runSuite } from './suite.js';
import type { MicroResult } from '../report/types.js';

export function bulkBody(): MicroResult[] {
  const dialect = dialectOf('es8', '8.15.0');
  const out: MicroResult[] = [];
  for (const page of [searchPage('small', 1000), searchPage('large', 100)]) {
    const docs: WriteDoc[] = page.sources.map((source, i) => ({
      action: 'index', meta: { index: 'micro-copy', id: page.ids[i]! }, source, attempts: 0, settle: () => {},
    }));
    const bytes = page.sources.reduce((n, s) => n + s.length, 0);
    // one reused body, as the writer's pool hands out: each doc is written in when it is added
    const body = Buffer.allocUnsafe(2 * bytes + 200 * docs.length);
    out.push(...runSuite(`bulk body, ${page.name}`, [
      {
        name: 'esferry bulk body (raw _source passthrough)', bytes,
        fn: () => {
          let at = 0;
          for (const doc of docs) {
            const line = dialect.bulkActionLine(doc.action, doc.meta);
            const src = oneLine(doc.source);
            if (at + docBytes(line, src) > body.length) throw new Error('bench body too small');
            at = writeDocAt(body, at, line, src, doc);
          }
          return at;
        },
      },
      {
        name: 'parse + stringify each _source', bytes,
        fn: () => {
          const parts: string[] = [];
          for (let i = 0; i < docs.length; i++) {
            parts.push(JSON.stringify({ index: { _index: 'micro-copy', _id: page.ids[i] } }), '\n', JSON.stringify(JSON.parse(page.sources[i]!.toString('utf8'))), '\n');
          }
          return Buffer.from(parts.join('')).length;
        },
      },
    ]));
  }
  return out;
}
