// Reading item statuses of a clean bulk response: esferry's scanner vs JSON.parse + walk.
import { scanBulkResponse } from '../../src/write/bulk-response.js';
import { cleanBulkResponse } from './fixtures.js';
import { runSuite } from './suite.js';
import type { MicroResult } from '../report/types.js';

export function bulkStatus(): MicroResult[] {
  const buf = cleanBulkResponse(1000);
  return runSuite('bulk response, 1000 items', [
    { name: 'esferry scanBulkResponse', bytes: buf.length, fn: () => scanBulkResponse(buf).itemCount },
    {
      name: 'JSON.parse + status walk', bytes: buf.length,
      fn: () => (JSON.parse(buf.toString('utf8')) as { items: Array<Record<string, { status: number }>> }).items
        .filter((it) => Object.values(it)[0]!.status >= 300).length,
    },
  ]);
}
