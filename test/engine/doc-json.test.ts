// Lossless document JSON: integers beyond 2^53 survive a parse/stringify round trip digit for
// digit; everything else behaves exactly like JSON.parse / JSON.stringify.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDoc, stringifyDoc, unsafeIntegerIn } from '../../src/pipeline/doc-json.js';

const LONGS = ['9223372036854775807', '-9223372036854775808', '12345678901234567890', '9007199254740993', '-9007199254740993'];

test('integers near 2^63 round-trip exactly (JSON.parse would round them)', () => {
  for (const n of LONGS) {
    const text = `{"id":${n},"nested":{"list":[1,${n},"${n}"]},"f":1.5}`;
    assert.notEqual(JSON.stringify(JSON.parse(text)), text, `JSON.parse keeps ${n}: the test would prove nothing`);
    const doc = parseDoc(text) as { id: unknown; nested: { list: unknown[] } };
    assert.equal(doc.id, BigInt(n));
    assert.equal(doc.nested.list[1], BigInt(n));
    assert.equal(doc.nested.list[2], n, 'a digit string stays a string');
    assert.equal(stringifyDoc(doc), text);
  }
});

test('safe integers stay numbers, fractions and exponents stay doubles', () => {
  assert.deepEqual(parseDoc('{"a":9007199254740991,"b":-9007199254740991,"c":1234567890123456.5,"d":1e300,"e":0,"f":-0}'), {
    a: 9007199254740991,
    b: -9007199254740991,
    c: 1234567890123456.5,
    d: 1e300,
    e: 0,
    f: -0,
  });
  assert.equal(typeof (parseDoc('{"x":"12345678901234567890 is a string"}') as { x: unknown }).x, 'string');
});

test('a transform can change other fields and the BigInt values are written back unchanged', () => {
  const doc = parseDoc('{"user_id":9223372036854775807,"count":2}') as Record<string, unknown>;
  doc.count = (doc.count as number) + 1;
  doc.next = (doc.user_id as bigint) - 1n;
  doc.when = new Date(0);
  assert.equal(stringifyDoc(doc), '{"user_id":9223372036854775807,"count":3,"next":9223372036854775806,"when":"1970-01-01T00:00:00.000Z"}');
});

test('stringify follows JSON.stringify rules when a BigInt forces the slow path', () => {
  const value = { big: 1n, u: undefined, f: () => 1, s: Symbol('x'), arr: [undefined, () => 1, NaN, Infinity, 2n], n: null, str: 'q"\\\u2028', o: { toJSON: () => 'j' } };
  const expected = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `@@${v}@@` : v)).replace(/"@@(-?\d+)@@"/g, '$1');
  assert.equal(stringifyDoc(value), expected);
  const cyclic: Record<string, unknown> = { b: 1n };
  cyclic.self = cyclic;
  assert.throws(() => stringifyDoc(cyclic), TypeError);
});

test('"__proto__" stays an own property, like JSON.parse', () => {
  const text = '{"__proto__":{"polluted":1},"n":12345678901234567890}';
  const doc = parseDoc(text) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  assert.deepEqual(Object.keys(doc), ['__proto__', 'n']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(stringifyDoc(doc), text);
});

test('invalid JSON is a SyntaxError on the lossless path too', () => {
  for (const bad of ['{"a":12345678901234567890', '{"a":12345678901234567890,}', '[12345678901234567890 1]', '{"a":012345678901234567890}', '{"a":"12345678901234567890}',
    '{"a":12345678901234567890}x', '{a:12345678901234567890}', '{"a\u0001":12345678901234567890}', '{"a":12345678901234567890 "b":1}', '{"a":tru, "n":12345678901234567890}']) {
    assert.throws(() => JSON.parse(bad), SyntaxError);
    assert.throws(() => parseDoc(bad), SyntaxError, bad);
  }
});

// JSON values that JSON.parse reads exactly; whole numbers mixed with long digit runs in keys and strings
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false),
    // a double written as a 16+ digit integer (1e20) is an unsafe integer literal: BigInt by design
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !/^-?\d{16,}$/.test(JSON.stringify(d))),
    fc.integer(),
    fc.string({ unit: 'binary' }),
    fc.stringMatching(/^\d{16,22}$/),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), fc.stringMatching(/^\d{16,20}$/)), tie('value'), { maxKeys: 5 }),
  ),
})).value;

test('property: on anything JSON.parse reads exactly, parseDoc and stringifyDoc are JSON.parse and JSON.stringify', () => {
  fc.assert(
    fc.property(jsonValue, fc.constantFrom(0, 2), (v, indent) => {
      const text = JSON.stringify(v, null, indent);
      assert.deepEqual(parseDoc(text), JSON.parse(text));
      assert.equal(stringifyDoc(parseDoc(text)), JSON.stringify(JSON.parse(text)));
    }),
    { seed: 1105, numRuns: 400 },
  );
});

test('property: any integer literal survives parse + stringify, wherever it sits', () => {
  const bigLiteral = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((b) => b.toString());
  fc.assert(
    fc.property(jsonValue, bigLiteral, fc.nat(), (v, lit, where) => {
      const base = JSON.stringify({ wrap: [v] });
      // put the literal in the array next to v, so it lands inside arbitrary nesting
      const text = where % 2 ? base.replace('{"wrap":[', `{"wrap":[${lit},`) : base.replace(/]}$/, `,${lit}]}`);
      const doc = parseDoc(text) as { wrap: unknown[] };
      const got = where % 2 ? doc.wrap[0] : doc.wrap[1];
      assert.equal(typeof got, Number.isSafeInteger(Number(lit)) ? 'number' : 'bigint');
      assert.equal(String(got), lit);
      assert.ok(stringifyDoc(doc).includes(lit), `${lit} lost`);
    }),
    { seed: 63, numRuns: 300 },
  );
});

test('unsafeIntegerIn names the first integer beyond 2^53, ignoring strings and fractions', () => {
  assert.equal(unsafeIntegerIn('{"a":"12345678901234567890","b":1.12345678901234567,"c":[9007199254740991]}'), undefined);
  assert.equal(unsafeIntegerIn(`{"a":{"b":[1,${LONGS[1]}]}}`), LONGS[1]);
});
