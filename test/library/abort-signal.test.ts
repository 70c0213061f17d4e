// An embedder's AbortSignal is the CLI's SIGTERM: reading stops at once, at most the bulk on the
// wire lands after it, the destination's settings are restored (refresh back, no tuning marker),
// and done resolves 'cancelled' with the documents read but not sent counted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestCluster } from '../../fixtures/cluster/index.js';
import { copy, type LogEvent } from '../../src/index.js';
import { es, flatSettings } from '../cli/support/http.js';

test('aborting the signal cancels fast and restores the tuned destination', async () => {
  const src = await startTestCluster({ version: '6.8' });
  const dst = await startTestCluster({ version: '7.17' });
  try {
    await src.seedCorpus('logs', 3000);
    dst.faults.latencyMs = 100;
    const stop = new AbortController();
    const events: LogEvent[] = [];
    const handle = copy({ source: { nodes: src.url }, dest: { nodes: dst.url }, sourceIndex: 'logs', bulkDocs: 20, writers: 1, readMode: 'scroll', pageSize: 500, signal: stop.signal });
    handle.on('logEvent', (e) => events.push(e));
    const stored = () => dst.state.indices.get('logs')?.shards.reduce((n, s) => n + s.docs.size, 0) ?? 0;
    const bulks = () => Object.entries(dst.stats.byRoute).filter(([r]) => r.includes('_bulk')).reduce((n, [, v]) => n + v, 0);
    let tunedSeen = false;
    handle.once('progress', () => {
      tunedSeen = true;
    });
    while (stored() < 40) await new Promise((r) => setTimeout(r, 10));
    assert.equal((await flatSettings(dst.url, 'logs'))['index.refresh_interval'], '-1', 'tuned during the load');
    stop.abort();
    const atCancel = bulks();
    const report = await handle.done;
    dst.faults.latencyMs = 0;
    assert.equal(report.outcome, 'cancelled', report.reason);
    assert.ok(bulks() - atCancel <= 1, `${bulks() - atCancel} bulks after the abort`);
    const idx = report.indices[0]!;
    assert.ok((idx.notWritten ?? 0) > 0, JSON.stringify(idx));
    assert.equal(idx.read, idx.written + (idx.notWritten ?? 0) + idx.skipped + idx.deadLettered + idx.dropped);
    assert.equal((await flatSettings(dst.url, 'logs'))['index.refresh_interval'], undefined, 'refresh interval restored');
    assert.equal(JSON.stringify((await es(dst.url, 'GET', '/logs/_mapping')).body).includes('esferry_tuning'), false, 'tuning marker removed');
    assert.ok(events.some((e) => e.fields.event === 'cancel' && e.level === 'info'), 'the cancel is a levelled event');
    assert.ok(tunedSeen, 'progress was reported');
  } finally {
    await Promise.all([src.close(), dst.close()]);
  }
});
