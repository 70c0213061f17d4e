import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListFileError, parseListText } from '../../src/plan/list-file.js';
import { parseRenameRule, renameIndex } from '../../src/plan/rename.js';
import { resolveEntries } from '../../src/plan/resolve.js';

test('list parsing skips comments and blanks and keeps line numbers', () => {
  const entries = parseListText('# daily logs\nlogs-2026.11.01\n\n  logs-2026.11.*   # the rest\nlogs-2026.11.01\n');
  assert.deepEqual(entries, [
    { pattern: 'logs-2026.11.01', line: 2 },
    { pattern: 'logs-2026.11.*', line: 4 },
  ]);
});

test('invalid names are rejected with their line number', () => {
  assert.throws(
    () => parseListText('ok-index\nBad-Upper\n_under\nwith space\n'),
    (err: unknown) => {
      assert.ok(err instanceof ListFileError);
      assert.equal(err.problems.length, 3);
      assert.deepEqual(err.problems.map((p) => p.line), [2, 3, 4]);
      assert.match(err.message, /:2: invalid index name "Bad-Upper": must be lowercase \(and 2 more bad lines\)/);
      return true;
    },
  );
});

test('resolution expands wildcards in list order, reports patterns without a match, hides dot indices', () => {
  const avail = ['logs-1', 'logs-2', 'metrics-1', '.kibana'].map((name, i) => ({ name, docs: i, bytes: i }));
  const r = resolveEntries(parseListText('metrics-1\nlogs-*\n*\nnothing-*\n'), avail);
  assert.deepEqual(r.indices.map((i) => i.name), ['metrics-1', 'logs-1', 'logs-2']);
  assert.deepEqual(r.unmatched.map((u) => u.line), [4]);
});

test('rename rules carry the wildcard part across', () => {
  const rule = parseRenameRule('logs-*=v2-logs-*');
  assert.ok(typeof rule !== 'string');
  assert.equal(renameIndex('logs-2026.11.01', [rule]), 'v2-logs-2026.11.01');
  assert.equal(renameIndex('other', [rule]), 'other');
  assert.equal(typeof parseRenameRule('nope'), 'string');
  assert.equal(typeof parseRenameRule('a=B'), 'string');
});

test('an alias name in the list stands for its indices', () => {
  const avail = ['logs-1', 'logs-2'].map((name) => ({ name, docs: 1, bytes: 1 }));
  const r = resolveEntries(parseListText('current\nlogs-1\n'), avail, new Map([['current', ['logs-2', 'logs-1']]]));
  assert.deepEqual(r.indices.map((i) => i.name), ['logs-1', 'logs-2']);
  assert.deepEqual(r.unmatched, []);
});
