// Shared generators for the parser property tests: JSON with the bytes that trip byte scanners
// (quotes, backslash runs, brackets inside strings, multi-byte UTF-8), the layouts real servers
// send (compact, pretty, CRLF), and ways of cutting a body into network chunks.
import fc from 'fast-check';

/** strings dense in the characters a byte scanner must not take for structure */
export const trickyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom('"', '\\', '\\\\', '{', '}', '[', ']', ',', ':', ' ', 'a', 'é', 'żółw', '🐢', '\n', '\t', '\u2028', '\u0000', '\u007f'),
    maxLength: 14,
  }),
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  trickyString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

function jsonOf(size: { keys: number; items: number; depth: fc.DepthSize }): fc.Arbitrary<unknown> {
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: size.depth, withCrossShrink: true },
      scalar,
      fc.array(tie('value'), { maxLength: size.items }),
      fc.dictionary(trickyString, tie('value'), { maxKeys: size.keys }),
    ),
  })).value;
}

/** any JSON value, nested a few levels, with tricky strings for keys and values */
export const jsonValue = jsonOf({ keys: 4, items: 4, depth: 'small' });
export const jsonObject: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(trickyString, jsonValue, { maxKeys: 5 });
/** the same, a few hundred bytes at most: for bodies cut at every byte */
export const smallJsonValue = jsonOf({ keys: 2, items: 2, depth: 'xsmall' });
export const smallJsonObject: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(trickyString, smallJsonValue, { maxKeys: 3 });

/** how the server lays the JSON out */
export type Layout = 'compact' | 'pretty2' | 'tabs' | 'crlf';
export const layout: fc.Arbitrary<Layout> = fc.constantFrom('compact', 'pretty2', 'tabs', 'crlf');

export function render(value: unknown, how: Layout): Buffer {
  switch (how) {
    case 'compact':
      return Buffer.from(JSON.stringify(value));
    case 'pretty2':
      return Buffer.from(JSON.stringify(value, null, 2));
    case 'tabs':
      return Buffer.from(JSON.stringify(value, null, '\t'));
    case 'crlf':
      // JSON.stringify escapes newlines inside strings, so every raw newline is structural
      return Buffer.from(JSON.stringify(value, null, 1).replace(/\n/g, '\r\n'));
  }
}

/** cut points (fractions of the length) turned into chunks; covers empty chunks too */
export const cuts: fc.Arbitrary<number[]> = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

export function chunk(body: Buffer, fractions: number[]): Buffer[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * body.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(body.subarray(from, p));
    from = p;
  }
  out.push(body.subarray(from));
  return out;
}

/** a body with 1–3 bytes replaced, deleted or inserted (bytes chosen to break structure) */
export const mutation = fc.array(
  fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    op: fc.constantFrom('replace', 'delete', 'insert'),
    byte: fc.constantFrom(...Buffer.from('{}[]",:\\ 0a-tn\n').values(), 0xc3, 0xff),
  }),
  { minLength: 1, maxLength: 3 },
);

export function mutate(body: Buffer, edits: Array<{ at: number; op: string; byte: number }>): Buffer {
  let out = Buffer.from(body);
  for (const e of edits) {
    const at = Math.floor(e.at * out.length);
    if (e.op === 'replace') out[at] = e.byte;
    else if (e.op === 'delete') out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1)]);
    else out = Buffer.concat([out.subarray(0, at), Buffer.from([e.byte]), out.subarray(at)]);
  }
  return out;
}

/** length of the body without trailing whitespace: any shorter prefix is a truncated body */
export function contentLength(body: Buffer): number {
  let n = body.length;
  while (n > 0 && (body[n - 1] === 0x20 || body[n - 1] === 0x0a || body[n - 1] === 0x0d || body[n - 1] === 0x09)) n--;
  return n;
}

/** JSON.parse, or undefined when the bytes are not JSON */
export function parseOrUndefined(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** fixed seeds keep the suite deterministic; a failure prints the seed and the shrunk case */
export function runs(seed: number, numRuns: number): fc.Parameters<unknown> {
  return { seed, numRuns, endOnFailure: false };
}
