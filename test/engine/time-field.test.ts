// The time-field reader finds the same value a JSON lookup would, straight from the raw bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeFieldReader } from '../../src/pipeline/time-field.js';

/** what the engine used to do: parse the whole source and look the field up */
function parsed(source: string, field: string): string | number | undefined {
  let v: unknown = JSON.parse(source);
  if (v && typeof v === 'object' && field in v) v = (v as Record<string, unknown>)[field];
  else for (const part of field.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

const sources = [
  '{"@timestamp":"2024-01-02T03:04:05Z","msg":"x"}',
  '{"msg":"a \\" } @timestamp","n":[1,{"@timestamp":"no"}],"@timestamp":"2024-05-06"}',
  ' { "@timestamp" :  1700000000000 , "x": null } ',
  '{"@timestamp":-1.5e3}',
  '{"@timestamp":null}',
  '{"@timestamp":{"nested":1}}',
  '{"@timestamp":true}',
  '{}',
  '{"event":{"created":"2023-09-09","ingested":7},"event.created":"flat wins"}',
  '{"event":{"ingested":7,"created":"2023-09-09"}}',
  '{"event":"not an object"}',
  '{"\\u0040timestamp":"escaped key"}',
  '{"t\\"x":1,"@timestamp":"after an escaped key"}',
  '{"@timestamp":"ż\\u00f3\\n"}',
  '[1,2]',
];

test('same value as parsing the whole source, for flat, dotted and nested fields', () => {
  for (const field of ['@timestamp', 'event.created', 'event.ingested', 'missing', 'event.missing.deeper']) {
    const read = timeFieldReader(field);
    for (const s of sources) assert.deepEqual(read(Buffer.from(s)), parsed(s, field), `${field} in ${s}`);
  }
});

test('a malformed source gives no value instead of throwing', () => {
  const read = timeFieldReader('@timestamp');
  for (const s of ['{"a":', '{"a" 1}', '{"a":1 "b":2}', '', '{"@timestamp":"unterminated']) assert.equal(read(Buffer.from(s)), undefined, s);
});
