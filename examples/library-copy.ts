// Copy one index with its metadata, log through your own logger, stop on Ctrl-C, verify after.
// Run: SOURCE_URL=http://old:9200 DEST_URL=http://new:9200 INDEX=orders npx tsx examples/library-copy.ts
import { copy, verify, type Logger } from 'esferry';

const logger: Logger = {
  debug: () => {},
  info: (message, fields) => console.error(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (message, fields) => console.error(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};
const stop = new AbortController();
process.once('SIGINT', () => stop.abort()); // the CLI's fast cancel: settings restored, 130-style 'cancelled'

const selection = { source: { nodes: process.env.SOURCE_URL! }, dest: { nodes: process.env.DEST_URL! }, sourceIndex: process.env.INDEX! };
const handle = copy({ ...selection, copyAliases: true, logger, signal: stop.signal });
handle.once('progress', (p) => console.error(`${p.sourceIndex}: first progress, ${p.written} written`));
const report = await handle.done; // outcome, totals, plan, results per index, tuning, aliases
const check = await verify({ ...selection, sample: 20 });
console.log(JSON.stringify({ outcome: report.outcome, written: report.totals.written, verified: check.ok }));
process.exitCode = report.outcome === 'success' && check.ok ? 0 : 1;
