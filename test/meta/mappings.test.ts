import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convertMappings, mappingsByType } from '../../src/meta/mappings.js';
import { convertSettings } from '../../src/meta/settings.js';
import { factsFromSpec } from '../../src/meta/versions.js';

// GET /legacy/_mapping on 2.4 (transcript 2.4/44-get-mapping-string)
const legacy24 = {
  doc: {
    _all: { enabled: true },
    properties: {
      title: { type: 'string', analyzer: 'standard', fields: { raw: { type: 'string', index: 'not_analyzed', ignore_above: 256 } } },
      tag: { type: 'string', index: 'not_analyzed' },
      secret: { type: 'string', index: 'no' },
      n: { type: 'long', precision_step: 16, include_in_all: false },
      loc: { type: 'geo_point', lat_lon: true },
    },
  },
};

test('2.x strings become text/keyword on 7.x, typeless, obsolete params dropped', () => {
  const conv = convertMappings(legacy24, factsFromSpec('7.10'));
  assert.deepEqual(conv.conflicts, []);
  assert.equal(conv.destType, undefined);
  const props = conv.mappings.properties as Record<string, Record<string, unknown>>;
  assert.deepEqual(props.title, { type: 'text', analyzer: 'standard', fields: { raw: { type: 'keyword', ignore_above: 256 } } });
  assert.deepEqual(props.tag, { type: 'keyword' });
  assert.deepEqual(props.secret, { type: 'keyword', index: false });
  assert.deepEqual(props.n, { type: 'long' });
  assert.deepEqual(props.loc, { type: 'geo_point' });
  assert.equal('_all' in conv.mappings, false);
  assert.ok(conv.notes.some((n) => n.includes('_all dropped')));
});

test('6.x destination keeps one named type', () => {
  const conv = convertMappings({ doc: { properties: { a: { type: 'keyword' } } } }, factsFromSpec('6.8'));
  assert.equal(conv.destType, 'doc');
  assert.deepEqual(Object.keys(conv.mappings), ['doc']);
});

test('several types into a typeless destination: conflict unless merged', () => {
  const two = { event: { properties: { a: { type: 'keyword' } } }, user: { properties: { b: { type: 'long' } } } };
  const blocked = convertMappings(two, factsFromSpec('8.15'));
  assert.equal(blocked.conflicts.length, 1);
  assert.match(blocked.conflicts[0]!, /--types merge:FIELD/);
  const merged = convertMappings(two, factsFromSpec('8.15'), { mergeIntoField: 'kind' });
  assert.deepEqual(merged.conflicts, []);
  assert.deepEqual(merged.mappings.properties, { a: { type: 'keyword' }, b: { type: 'long' }, kind: { type: 'keyword' } });
  const clash = convertMappings({ x: { properties: { a: { type: 'keyword' } } }, y: { properties: { a: { type: 'long' } } } }, factsFromSpec('7'), 'drop');
  assert.equal(clash.conflicts.length, 1);
});

test('typeless source mappings are recognised', () => {
  assert.deepEqual(Object.keys(mappingsByType({ properties: {} })), ['_doc']);
  assert.deepEqual(Object.keys(mappingsByType({ doc: { properties: {} } })), ['doc']);
  assert.deepEqual(mappingsByType({}), {});
});

test('internal settings are dropped, user settings kept, nested back', () => {
  const conv = convertSettings(
    {
      index: {
        number_of_shards: '5', number_of_replicas: '1', uuid: 'x', creation_date: '1', provided_name: 'p',
        version: { created: '5060699' }, routing: { allocation: { include: { _tier: 'hot' } } },
        mapping: { single_type: 'true' }, refresh_interval: '5s', analysis: { analyzer: { a: { type: 'custom', tokenizer: 'standard' } } },
      },
    },
    factsFromSpec('7.17'),
  );
  assert.deepEqual(conv.index, {
    number_of_shards: '5', number_of_replicas: '1', refresh_interval: '5s',
    analysis: { analyzer: { a: { type: 'custom', tokenizer: 'standard' } } },
  });
  assert.ok(conv.notes.some((n) => n.includes('routing.allocation')));
});

test('nest keeps values that collide with a longer key', async () => {
  const { nest } = await import('../../src/meta/settings.js');
  assert.deepEqual(nest({ 'a.b': 1, 'a.c.d': 2, x: 3 }), { a: { b: 1, c: { d: 2 } }, x: 3 });
  assert.deepEqual(nest({ 'a.b': 1, 'a.b.c': 2 }), { a: { b: 1, 'b.c': 2 } });
});

test('field types the destination lacks are conflicts', () => {
  const m = { properties: { tags: { type: 'flattened' }, v: { type: 'dense_vector', dims: 3 }, name: { type: 'match_only_text' } } };
  const toOs = convertMappings(m, factsFromSpec('os2'));
  assert.equal(toOs.conflicts.length, 2);
  assert.match(toOs.conflicts[0]!, /tags: type "flattened" does not exist in OpenSearch \(its counterpart is "flat_object"/);
  const to710 = convertMappings(m, factsFromSpec('7.10'));
  assert.deepEqual(to710.conflicts, ['name: type "match_only_text" needs Elasticsearch 7.14 or later (destination is 7.10)']);
  assert.deepEqual(convertMappings(m, factsFromSpec('8.15')).conflicts, []);
});

test('typeless 7.x mappings into 5.x get a real type name; 5.x-only field types into 2.x are conflicts', () => {
  const to56 = convertMappings({ properties: { a: { type: 'keyword' } } }, factsFromSpec('5.6'));
  assert.deepEqual(Object.keys(to56.mappings), ['doc']);
  const to24 = convertMappings({ properties: { a: { type: 'keyword' } } }, factsFromSpec('2.4'));
  assert.match(to24.conflicts[0]!, /a: type "keyword" needs Elasticsearch 5\.0 or later/);
});
