// The per-document action line is built without an intermediate object: its bytes must equal the
// JSON of that object for every family, escapes and index changes included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialectOf } from '../../src/cluster/dialects/index.js';

const families = [['es2', '2.4.6'], ['es5', '5.6.6'], ['es6', '6.1.4'], ['es6', '6.8.23'], ['es7', '7.17.25'], ['es8', '8.15.0'], ['os2', '2.11.1']] as const;

test('action lines without routing, parent or version equal the JSON of the action object', () => {
  for (const [f, n] of families) {
    const d = dialectOf(f, n);
    for (const meta of [
      { index: 'logs-1', type: 'doc', id: 'a"b\\c\n日本' },
      { index: 'logs-2', id: '42' },
      { index: 'logs-1', type: '_doc', id: 'x' },
      { index: 'ünï"code', type: 'event', id: '' },
    ]) {
      for (const action of ['index', 'create'] as const) {
        const line = d.bulkActionLine(action, meta);
        const parsed = JSON.parse(line) as Record<string, Record<string, unknown>>;
        assert.deepEqual(Object.keys(parsed), [action]);
        const body = parsed[action]!;
        assert.equal(body._index, meta.index, `${f} ${n}`);
        assert.equal(body._id, meta.id);
        // the long path (a version forces it) agrees on index, type and id
        const long = JSON.parse(d.bulkActionLine(action, { ...meta, version: 1 }))[action] as Record<string, unknown>;
        assert.equal(body._type, long._type, `${f} ${n} type`);
        assert.equal(line, JSON.stringify({ [action]: Object.fromEntries(Object.entries(long).filter(([k]) => ['_index', '_type', '_id'].includes(k))) }));
      }
    }
  }
});
