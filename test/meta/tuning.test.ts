import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EsRequest, EsResponse, Transport } from '../../src/cluster/types.js';
import { DestinationTuner } from '../../src/meta/tuning.js';

/** A transport over one index's flat settings; PUTs can be made to fail. */
function fakeTransport(settings: Record<string, string>, failPuts = 0) {
  const puts: unknown[] = [];
  let failing = failPuts;
  const t = {
    redactedNodes: ['http://h:9200'],
    async request<T>(req: EsRequest): Promise<EsResponse<T>> {
      if (req.method === 'GET') return { status: 200, headers: {}, bytes: 0, body: { idx: { settings: { index: { ...settings } } } } as T };
      if (failing-- > 0) throw new Error('cluster_block_exception');
      puts.push(req.body);
      const idx = (req.body as { index: Record<string, string | null> }).index;
      for (const [k, v] of Object.entries(idx)) if (v === null) delete settings[k]; else settings[k] = v;
      return { status: 200, headers: {}, bytes: 0, body: { acknowledged: true } as T };
    },
    requestRaw: () => Promise.reject(new Error('unused')),
    stream: () => Promise.reject(new Error('unused')),
    close: async () => {},
  } as unknown as Transport;
  return { t, puts, settings };
}

test('tune sets load values and restore brings the originals back (unset stays unset)', async () => {
  const f = fakeTransport({ number_of_replicas: '2', number_of_shards: '3' });
  const tuner = new DestinationTuner(f.t, 'http://h:9200', undefined);
  await tuner.tune('idx');
  assert.deepEqual(f.settings, { number_of_replicas: '0', number_of_shards: '3', refresh_interval: '-1' });
  assert.equal(tuner.pending.length, 1);
  await tuner.restoreAll();
  assert.deepEqual(f.settings, { number_of_replicas: '2', number_of_shards: '3' });
  assert.equal(tuner.pending.length, 0);
  assert.ok(tuner.all[0]!.restoredAt);
});

test('a failed restore is recorded with a curl command to fix it', async () => {
  const f = fakeTransport({ number_of_replicas: '1', refresh_interval: '30s' });
  const tuner = new DestinationTuner(f.t, 'http://h:9200', '-u elastic:PASSWORD');
  await tuner.tune('idx');
  (f.t as unknown as { request: unknown }).request = async () => {
    throw new Error('connection refused');
  };
  await tuner.restoreAll();
  const [r] = tuner.pending;
  assert.ok(r);
  assert.equal(r.restoreError, 'connection refused');
  assert.equal(
    r.restoreCommand,
    `curl -X PUT -u elastic:PASSWORD -H 'Content-Type: application/json' 'http://h:9200/idx/_settings' -d '{"index":{"refresh_interval":"30s","number_of_replicas":"1"}}'`,
  );
});

test('auto_expand_replicas is switched off during the load and restored', async () => {
  const f = fakeTransport({ number_of_replicas: '1', auto_expand_replicas: '0-all' });
  const tuner = new DestinationTuner(f.t, 'http://h:9200', undefined);
  await tuner.tune('idx');
  assert.equal(f.settings.auto_expand_replicas, 'false');
  await tuner.restoreAll();
  assert.equal(f.settings.auto_expand_replicas, '0-all');
});

test('a restore that lost its connection (a node restarting) is tried again; after a signal it is not', async () => {
  const { EsferryError } = await import('../../src/cluster/errors.js');
  for (const afterSignal of [false, true]) {
    const f = fakeTransport({ number_of_replicas: '1', refresh_interval: '30s' });
    const tuner = new DestinationTuner(f.t, 'http://h:9200', undefined);
    await tuner.tune('idx');
    const real = f.t.request.bind(f.t);
    let refusals = 2;
    (f.t as unknown as { request: unknown }).request = async (req: EsRequest) => {
      if (req.method === 'PUT' && refusals-- > 0) throw new EsferryError('connection', 'connect ECONNREFUSED');
      return real(req);
    };
    if (afterSignal) tuner.restoreTimeoutMs = 1000;
    await tuner.restoreAll();
    const [r] = tuner.all;
    if (afterSignal) {
      assert.equal(r!.restoredAt, undefined, 'no time to wait for a node after a signal');
      assert.match(r!.restoreError!, /ECONNREFUSED/);
    } else {
      assert.ok(r!.restoredAt, r!.restoreError);
      assert.equal(r!.restoreError, undefined);
      assert.deepEqual(f.settings, { number_of_replicas: '1', refresh_interval: '30s' });
    }
  }
});

test('a destination without refresh or replica settings (serverless) is neither tuned nor asked for leftovers', async () => {
  const f = fakeTransport({ number_of_replicas: '1' });
  let requests = 0;
  const real = f.t.request.bind(f.t);
  (f.t as unknown as { request: unknown }).request = async (req: EsRequest) => (requests++, real(req));
  const tuner = new DestinationTuner(f.t, 'http://h:9200', undefined, undefined, false);
  assert.equal(await tuner.tune('idx'), undefined);
  assert.equal(await tuner.restoreLeftover('idx'), undefined);
  assert.deepEqual(await tuner.restoreAll(), []);
  assert.equal(requests, 0);
});
