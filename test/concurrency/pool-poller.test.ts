// pollThreadPool: feeds parsed write-pool samples to the controller, survives failing polls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pollThreadPool } from '../../src/write/concurrency/pool-poller.js';
import { createFixedController } from '../../src/write/concurrency/fixed.js';
import { dialectOf } from '../../src/cluster/dialects/index.js';
import { EsferryError } from '../../src/cluster/errors.js';
import type { EsRequest, EsResponse, ThreadPoolSample, Transport } from '../../src/cluster/types.js';
import type { ConcurrencyController } from '../../src/write/concurrency/types.js';

function fakeTransport(answer: (req: EsRequest, call: number) => unknown): Transport & { calls: EsRequest[] } {
  const calls: EsRequest[] = [];
  return {
    calls,
    redactedNodes: ['http://127.0.0.1:9200'],
    async request<T>(req: EsRequest): Promise<EsResponse<T>> {
      calls.push(req);
      const body = answer(req, calls.length);
      if (body instanceof Error) throw body;
      return { status: 200, headers: {}, body: body as T, bytes: 10 };
    },
    requestRaw: () => Promise.reject(new Error('not used')),
    stream: () => Promise.reject(new Error('not used')),
    close: async () => {},
  };
}

function recordingController(onSample: (s: ThreadPoolSample) => void): ConcurrencyController {
  return { ...createFixedController(2), onThreadPool: onSample };
}

test('polls the write pool and hands parsed samples to the controller', async () => {
  const dialect = dialectOf('es7', '7.17.25');
  const samples: ThreadPoolSample[] = [];
  const ac = new AbortController();
  const transport = fakeTransport((_req, call) => [
    { node_name: 'n1', name: 'write', active: '1', queue: String(call), rejected: String(10 * call), size: '1', queue_size: '10' },
  ]);
  const done = pollThreadPool(transport, dialect, recordingController((s) => {
    samples.push(s);
    if (samples.length === 3) ac.abort();
  }), 1, ac.signal, { log: () => assert.fail('no warning expected') });
  await done;
  assert.equal(samples.length, 3);
  assert.deepEqual(samples.map((s) => s.rejected), [10, 20, 30]);
  assert.equal(samples[2]!.queue, 3);
  assert.equal(samples[0]!.queueSize, 10);
  assert.equal(transport.calls[0]!.path, dialect.threadPoolRequest().path);
});

test('a failing poll is logged once and never breaks the copy', async () => {
  const dialect = dialectOf('es6', '6.2.0');
  const logs: string[] = [];
  const ac = new AbortController();
  let samples = 0;
  const transport = fakeTransport((_req, call) => {
    if (call >= 6) ac.abort();
    if (call % 2 === 1) return new EsferryError('server', 'bad gateway', { status: 502 });
    return [{ name: 'bulk', active: '0', queue: '0', rejected: '1', size: '1', queue_size: '2' }];
  });
  await pollThreadPool(transport, dialect, recordingController(() => samples++), 1, ac.signal, { log: (l) => logs.push(l) });
  assert.equal(logs.length, 1);
  assert.match(logs[0]!, /cannot read the destination bulk thread pool \(server 502: bad gateway\)/);
  assert.ok(samples >= 2, 'good polls between failures still count');
});

test('an auth refusal (no monitor privilege) stops polling', async () => {
  const dialect = dialectOf('es8', '8.15.0');
  const logs: string[] = [];
  const transport = fakeTransport(() => new EsferryError('auth', 'action [cluster:monitor/nodes/stats] is unauthorized', { status: 403 }));
  await pollThreadPool(transport, dialect, recordingController(() => assert.fail('no sample')), 1, new AbortController().signal, { log: (l) => logs.push(l) });
  assert.equal(transport.calls.length, 1);
  assert.equal(logs.length, 1);
});

test('a controller without onThreadPool is not polled at all', async () => {
  const transport = fakeTransport(() => []);
  await pollThreadPool(transport, dialectOf('es7', '7.17.25'), createFixedController(1), 1, new AbortController().signal);
  assert.equal(transport.calls.length, 0);
});
