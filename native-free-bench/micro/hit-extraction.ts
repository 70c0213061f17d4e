// Pulling hits out of a search response: esferry's byte scanner vs JSON.parse of the whole page.
import { scanSearchResponse } from '../../src/read/hits-scanner.js';
import { scanPage } from '../raw/hit-spans.js';
import { searchPage } from './fixtures.js';
import { runSuite } from './suite.js';
import type { MicroResult } from '../report/types.js';

export function hitExtraction(): MicroResult[] {
  const out: MicroResult[] = [];
  for (const page of [searchPage('small', 1000), searchPage('large', 100)]) {
    const bytes = page.response.length;
    out.push(...runSuite(`hit extraction, ${page.name} page`, [
      { name: 'esferry scanSearchResponse (raw _source bytes)', bytes, fn: () => scanSearchResponse(page.response).hits.length },
      { name: 'JSON.parse of the page', bytes, fn: () => (JSON.parse(page.response.toString('utf8')) as { hits: { hits: unknown[] } }).hits.hits.length },
      { name: 'raw pump span scan (floor)', bytes, fn: () => scanPage(page.response).hits.length },
    ]));
  }
  return out;
}
