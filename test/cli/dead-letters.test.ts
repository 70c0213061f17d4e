// Documents the destination refuses: dead-lettered, exit 1; --allow-failures turns that into exit 0.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { bulkDocs, count, es } from './support/http.js';
import { runInProcess } from './support/run-cli.js';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let src: Cluster;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esferry-dl-'));
  src = await startTestCluster({ version: '7.17' });
  await es(src.url, 'PUT', '/mixed', { mappings: { properties: { n: { type: 'keyword' } } } });
  await bulkDocs(src.url, 'mixed', Array.from({ length: 20 }, (_, i) => ({ id: `m${i}`, source: { n: i === 7 ? 'not-a-number' : String(i) } })));
});

after(async () => {
  await src?.close();
  await rm(dir, { recursive: true, force: true });
});

for (const allow of [false, true]) {
  test(`a refused document is dead-lettered: exit ${allow ? '0 with --allow-failures' : '1'}`, async () => {
    const dst = await startTestCluster({ version: '8' });
    try {
      await es(dst.url, 'PUT', '/mixed', { mappings: { properties: { n: { type: 'long' } } } });
      const dl = join(dir, `dl-${allow}.ndjson`);
      const report = join(dir, `report-${allow}.json`);
      const r = await runInProcess(['copy', '--source', src.url, '--dest', dst.url, '--index', 'mixed', '--dead-letter', dl, '--report', report, '--quiet', ...(allow ? ['--allow-failures'] : [])]);
      assert.equal(r.code, allow ? 0 : 1, r.stderr + r.stdout);
      assert.equal(await count(dst.url, 'mixed'), 19);
      const rep = JSON.parse(await readFile(report, 'utf8'));
      assert.equal(rep.totals.deadLettered, 1);
      assert.equal(rep.totals.written, 19);
      assert.equal(rep.accountingOk, true);
      assert.match(await readFile(dl, 'utf8'), /m7/);
      assert.match(r.stdout, /1 refused document\(s\) in /);
    } finally {
      await dst.close();
    }
  });
}
