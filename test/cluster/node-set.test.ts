import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeSet } from '../../src/cluster/transport/node-set.js';
import { parseNodeUrl } from '../../src/cluster/transport/node-url.js';

test('round-robin over live nodes', () => {
  const s = new NodeSet(['a', 'b', 'c']);
  assert.deepEqual([s.next(), s.next(), s.next(), s.next()], ['a', 'b', 'c', 'a']);
});

test('a dead node rests with exponential backoff, then comes back', () => {
  let now = 0;
  const s = new NodeSet(['a', 'b'], { baseBackoffMs: 100, maxBackoffMs: 250, now: () => now });
  s.markDead('a');
  assert.deepEqual([s.next(), s.next()], ['b', 'b']);
  now = 100;
  assert.ok(s.isAlive('a'));
  s.markDead('a'); // second failure: 200 ms
  now = 250;
  assert.equal(s.isAlive('a'), false);
  now = 300;
  assert.ok(s.isAlive('a'));
  s.markDead('a');
  s.markDead('a'); // capped at 250
  now = 551;
  assert.ok(s.isAlive('a'));
  s.markAlive('a');
  s.markDead('a'); // failures reset: 100 ms again
  now = 652;
  assert.ok(s.isAlive('a'));
});

test('when every node rests, the one whose rest ends first is tried; excluded nodes are skipped', () => {
  let now = 0;
  const s = new NodeSet(['a', 'b'], { baseBackoffMs: 100, now: () => now });
  s.markDead('a');
  now = 10;
  s.markDead('b');
  assert.equal(s.next(), 'a');
  assert.equal(s.next(new Set(['a'])), 'b');
  assert.equal(s.next(new Set(['a', 'b'])), undefined);
});

test('node URLs: credentials apart, bare host:port is http, path prefix kept', () => {
  const n = parseNodeUrl('https://u:p%3Aw@es.example:9243/proxy/');
  assert.equal(n.origin, 'https://es.example:9243');
  assert.equal(n.basePath, '/proxy');
  assert.equal(n.username, 'u');
  assert.equal(n.password, 'p:w');
  assert.equal(n.redacted, 'https://es.example:9243/proxy');
  assert.equal(parseNodeUrl('localhost:9200').origin, 'http://localhost:9200');
  assert.throws(() => parseNodeUrl('ftp://x:y@h'), /must use http or https/);
});
