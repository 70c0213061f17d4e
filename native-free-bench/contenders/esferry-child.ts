// Child process entry of the esferry contender: the library's copy() with default options,
// loaded from the compiled dist/ when the bench runs compiled. Prints the report as one JSON line.
import { parseArgs } from 'node:util';
import type { CopyOptions, CopyReport, CopyHandle } from '../../src/engine/types.js';

const { values: v } = parseArgs({
  options: {
    source: { type: 'string' }, 'source-index': { type: 'string' },
    dest: { type: 'string' }, 'dest-index': { type: 'string' },
    options: { type: 'string', default: '{}' },
  },
});
// resolved at run time: '../../src/index.js' is dist/src/index.js when compiled, src/index.ts under tsx
const engine = (await import(new URL('../../src/index.js', import.meta.url).href)) as {
  copy(o: CopyOptions): CopyHandle | Promise<CopyReport>;
};
const started = performance.now();
const options: CopyOptions & { metadata?: boolean } = {
  source: { nodes: v.source! },
  dest: { nodes: v.dest! },
  sourceIndex: v['source-index']!,
  destIndex: v['dest-index']!,
  // documents only: the contenders all copy into a destination prepared the same way
  metadata: false,
  ...(JSON.parse(v.options!) as Partial<CopyOptions>),
};
const handle = engine.copy(options);
const report: CopyReport = 'done' in handle ? await handle.done : await handle;
const t = report.totals;
process.stdout.write(JSON.stringify({
  outcome: report.outcome, reason: report.reason, read: t.read, written: t.written, failed: t.deadLettered,
  skipped: t.skipped, retries: t.retries, accountingOk: report.accountingOk, bytesRead: report.bytesRead,
  writers: report.writers, readMode: report.indices[0]?.readMode, copyMs: performance.now() - started,
}) + '\n');
process.exitCode = report.outcome === 'success' && report.accountingOk ? 0 : 1;
