import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyHttpError, classifyNetworkError, esErrorInfo, isConnectPhase } from '../../src/cluster/classify.js';
import { EsferryError } from '../../src/cluster/errors.js';
import { loadTranscripts, transcriptsAvailable } from '../support/transcripts.js';

const ctx = (status: number, body: unknown) => ({ status, body, method: 'POST', url: 'http://***@es:9200/x/_search' });

test('429 and 503 are rejected and retryable', () => {
  for (const status of [429, 503]) {
    const e = classifyHttpError(ctx(status, { error: { type: 'x', reason: 'busy' }, status }));
    assert.equal(e.kind, 'rejected');
    assert.equal(e.retryable, true);
  }
});

test('es_rejected_execution_exception at any status is rejected', () => {
  const e = classifyHttpError(ctx(500, { error: { type: 'es_rejected_execution_exception', reason: 'queue full' } }));
  assert.equal(e.kind, 'rejected');
});

test('500/502/504 are server errors, retryable', () => {
  for (const status of [500, 502, 504]) assert.equal(classifyHttpError(ctx(status, 'Bad Gateway')).kind, 'server');
});

test('401/403 are auth errors with the required message', () => {
  const e = classifyHttpError(ctx(401, { error: { type: 'security_exception', reason: 'missing authentication credentials' } }));
  assert.equal(e.kind, 'auth');
  assert.equal(e.retryable, false);
  assert.match(e.message, /^authentication failed for http:\/\/\*\*\*@es:9200\/x\/_search: check credentials/);
  assert.equal(classifyHttpError(ctx(403, 'Forbidden')).kind, 'auth');
});

test('other 4xx are request errors carrying the ES reason on one line', () => {
  const e = classifyHttpError(ctx(400, {
    error: {
      root_cause: [{ type: 'illegal_argument_exception', reason: 'search_after has 1 value(s) but sort has 2.' }],
      type: 'search_phase_execution_exception',
      reason: 'all shards failed',
    },
    status: 400,
  }));
  assert.equal(e.kind, 'request');
  assert.match(e.message, /search_after has 1 value\(s\) but sort has 2\./);
  assert.ok(!e.message.includes('\n'));
});

test('a string error body (alias APIs, 2.x) is used as the reason', () => {
  assert.deepEqual(esErrorInfo({ error: 'alias [x] missing', status: 404 }), { reason: 'alias [x] missing' });
  const e = classifyHttpError(ctx(404, { error: 'alias [x] missing', status: 404 }));
  assert.equal(e.kind, 'request');
  assert.match(e.message, /alias \[x\] missing/);
});

test('408 is a timeout', () => {
  assert.equal(classifyHttpError(ctx(408, { timed_out: true })).kind, 'timeout');
});

test('missing index is index_missing naming the index, for every recorded version', { skip: !transcriptsAvailable() && 'transcripts not found' }, () => {
  const files: [string, '2.4' | '5.6' | '6.2'][] = [['80-search-missing-index-404.json', '2.4'], ['80-search-missing-index-404.json', '5.6'], ['83-search-missing-index-404.json', '6.2']];
  for (const [file, version] of files) {
    const t = loadTranscripts(version).find((x) => x.file === file)!;
    const e = classifyHttpError(ctx(t.response.status, t.response.body));
    assert.equal(e.kind, 'index_missing', `${version}/${file}`);
    assert.match(e.message, /index "no-such-index" does not exist/);
  }
});

test('recorded error responses classify as expected', { skip: !transcriptsAvailable() && 'transcripts not found' }, () => {
  const t62 = loadTranscripts('6.2');
  const byFile = (f: string) => t62.find((t) => t.file === f)!;
  const kindOf = (f: string) => classifyHttpError(ctx(byFile(f).response.status, byFile(f).response.body)).kind;
  assert.equal(kindOf('39-create-index-exists-400.json'), 'request');
  assert.equal(kindOf('32-search-after-with-scroll-500.json'), 'server');
  assert.equal(kindOf('20-scroll-continue-cleared-404.json'), 'request');
  assert.equal(kindOf('09-cluster-health-wait-timeout-408.json'), 'timeout');
});

test('socket errors are connection errors; cause chains are followed', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  const wrapped = Object.assign(new Error('fetch failed'), { cause: refused });
  const e = classifyNetworkError(wrapped, { method: 'GET', url: 'http://h:9' });
  assert.equal(e.kind, 'connection');
  assert.ok(isConnectPhase(wrapped));
  const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) });
  assert.equal(classifyNetworkError(reset, { method: 'POST', url: 'http://h:9' }).kind, 'connection');
  assert.equal(isConnectPhase(reset), false);
  const closed = Object.assign(new Error('socket closed'), { code: 'UND_ERR_CLOSED' });
  assert.equal(classifyNetworkError(closed, { method: 'GET', url: 'http://h' }).kind, 'connection');
});

test('timeouts and certificate problems get their own kinds', () => {
  const to = classifyNetworkError(new Error('aborted'), { method: 'GET', url: 'http://h', timedOutAfterMs: 50 });
  assert.equal(to.kind, 'timeout');
  assert.match(to.message, /timed out after 50 ms/);
  const tls = classifyNetworkError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), { method: 'GET', url: 'https://h' });
  assert.equal(tls.kind, 'tls');
  assert.equal(tls.retryable, false);
  assert.match(tls.message, /self-signed certificate/);
});

test('an EsferryError passes through unchanged', () => {
  const e = new EsferryError('bad_input', 'x');
  assert.equal(classifyNetworkError(e, { method: 'GET', url: 'u' }), e);
});

test('secrets inside ES reasons and socket messages are scrubbed', () => {
  const e = classifyHttpError({ ...ctx(400, { error: { type: 'x', reason: 'bad token hunter22' } }), secrets: ['hunter22'] });
  assert.ok(!e.message.includes('hunter22'));
  const n = classifyNetworkError(new Error('connect to http://bob:hunter22@h failed'), { method: 'GET', url: 'http://***@h', secrets: ['hunter22'] });
  assert.ok(!n.message.includes('hunter22') && !n.message.includes('bob'));
});
