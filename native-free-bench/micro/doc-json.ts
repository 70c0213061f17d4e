// Parsing a document for a transform: JSON.parse vs the lossless parseDoc/stringifyDoc
// (src/pipeline/doc-json.ts), on the bench corpus's ~600-byte log documents as they are and with
// a long beyond 2^53 added (the lossless path). Run alone:
//   node --import tsx native-free-bench/micro/doc-json.ts
import { parseDoc, stringifyDoc } from '../../src/pipeline/doc-json.js';
import { smallLogSource } from '../corpus/small-logs.js';
import { runSuite } from './suite.js';
import type { MicroResult } from '../report/types.js';

export function docJson(): MicroResult[] {
  const next = smallLogSource('micro');
  const plain = Array.from({ length: 200 }, () => next());
  const withLong = plain.map((s) => s.replace('{', '{"user_id":9223372036854775807,'));
  const bytes = (docs: string[]) => Math.round(docs.reduce((n, s) => n + Buffer.byteLength(s), 0) / docs.length);
  let i = 0;
  const pick = (docs: string[]) => docs[i++ % docs.length]!;
  const out: MicroResult[] = [];
  for (const [label, docs] of [['plain', plain], ['with a long > 2^53', withLong]] as const) {
    out.push(...runSuite(`parse one doc, ${label}`, [
      { name: 'JSON.parse', bytes: bytes(docs), fn: () => JSON.parse(pick(docs)) },
      { name: 'parseDoc (lossless)', bytes: bytes(docs), fn: () => parseDoc(pick(docs)) },
    ]));
    out.push(...runSuite(`parse + stringify one doc, ${label}`, [
      { name: 'JSON.parse + JSON.stringify (rounds longs)', bytes: bytes(docs), fn: () => JSON.stringify(JSON.parse(pick(docs))) },
      { name: 'parseDoc + stringifyDoc', bytes: bytes(docs), fn: () => stringifyDoc(parseDoc(pick(docs))) },
    ]));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of docJson()) {
    process.stdout.write(`${r.suite.padEnd(44)} ${r.name.padEnd(44)} ${Math.round(r.opsPerSec).toString().padStart(9)} ops/s ${r.mbPerSec!.toFixed(1).padStart(7)} MB/s ±${r.rme.toFixed(1)}%\n`);
  }
}
