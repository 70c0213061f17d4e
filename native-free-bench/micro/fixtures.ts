// Inputs of the micro-benchmarks, built from the bench corpus: a scroll page as a 6.x node
// sends it, and a clean 8.x bulk response.
import { smallLogSource } from '../corpus/small-logs.js';
import { largeDocSource } from '../corpus/large-docs.js';

export interface PageFixture {
  name: string;
  hits: number;
  sources: Buffer[];
  ids: string[];
  response: Buffer;
}

export function searchPage(kind: 'small' | 'large', hits: number): PageFixture {
  const next = kind === 'small' ? smallLogSource('micro') : largeDocSource('micro');
  const sources: Buffer[] = [];
  const ids: string[] = [];
  const parts: string[] = [];
  for (let i = 0; i < hits; i++) {
    const src = next();
    const id = `micro-${i}`;
    sources.push(Buffer.from(src));
    ids.push(id);
    parts.push(`{"_index":"micro","_type":"doc","_id":"${id}","_score":null,"_source":${src},"sort":[${i}]}`);
  }
  const response = Buffer.from(
    `{"_scroll_id":"DnF1ZXJ5VGhlbkZldGNoBQAAAAAAAAABFmV4YW1wbGU","took":3,"timed_out":false,` +
      `"_shards":{"total":5,"successful":5,"skipped":0,"failed":0},"hits":{"total":${hits * 100},"max_score":null,"hits":[${parts.join(',')}]}}`,
  );
  return { name: `${hits} × ${kind}`, hits, sources, ids, response };
}

export function cleanBulkResponse(items: number): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < items; i++) {
    parts.push(`{"index":{"_index":"micro","_id":"micro-${i}","_version":1,"result":"created","_shards":{"total":1,"successful":1,"failed":0},"_seq_no":${i},"_primary_term":1,"status":201}}`);
  }
  return Buffer.from(`{"took":30,"errors":false,"items":[${parts.join(',')}]}`);
}
