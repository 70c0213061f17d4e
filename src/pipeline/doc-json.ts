// Lossless JSON for document bodies that must be parsed (transforms, type merge, version field,
// parent-join). JSON.parse turns an integer beyond 2^53 into the nearest double
// (9223372036854775807 → 9223372036854775808), silently changing ids and long fields. Here such
// integers become BigInt and are written back digit for digit; everything else is what JSON.parse
// and JSON.stringify give. A body without a run of 16+ digits (the usual case) costs one regex test
// more than JSON.parse; stringify costs nothing extra unless a BigInt is in the document.

/**
 * 15 digits are always a safe integer; a run of 16 or more may be an unsafe one (or sit in a
 * string). Fraction digits do not count: doubles print up to 17 of them (`"lat":33.231844156980515`).
 */
const LONG_DIGITS = /(?<![\d.])\d{16}/;

/** JSON.parse, except integers outside ±(2^53-1) become BigInt (exact). */
export function parseDoc(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  return new LosslessParser(text).parseTop();
}

/** JSON.stringify, except BigInt values are written as plain JSON integers. */
export function stringifyDoc(value: unknown): string {
  if ((BigInt.prototype as { toJSON?: unknown }).toJSON === undefined) {
    try {
      return JSON.stringify(value);
    } catch (err) {
      if (!(err instanceof TypeError) || !/BigInt/i.test(err.message)) throw err;
    }
  }
  return writeValue(value, '', new Set()) ?? 'null';
}

/** The first integer beyond ±(2^53-1) in a JSON text (as its digits), or undefined. */
export function unsafeIntegerIn(text: string): string | undefined {
  if (!LONG_DIGITS.test(text)) return undefined;
  const walk = (v: unknown): string | undefined => {
    if (typeof v === 'bigint') return v.toString();
    if (v === null || typeof v !== 'object') return undefined;
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      const found = walk(x);
      if (found) return found;
    }
    return undefined;
  };
  return walk(parseDoc(text));
}

// ---- parse ---------------------------------------------------------------------------------

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const CONTROL = /[\u0000-\u001f]/;
const WHITESPACE = /[ \t\n\r]*/y;

class LosslessParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseTop(): unknown {
    const v = this.value();
    this.skip();
    if (this.pos < this.text.length) this.fail('unexpected data after the JSON value');
    return v;
  }

  private fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.pos} of the JSON document`);
  }

  private skip(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.test(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  private value(): unknown {
    this.skip();
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    for (const [word, v] of WORDS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(this.pos >= this.text.length ? 'unexpected end' : `unexpected character ${JSON.stringify(this.text[this.pos])}`);
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) return this.fail('invalid number');
    this.pos = NUMBER.lastIndex;
    const n = Number(m[0]);
    // only integer literals are kept exact: fractions and exponents are doubles in every engine
    if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(n)) return BigInt(m[0]);
    return n;
  }

  private string(): string {
    const start = this.pos;
    let end = start;
    // the closing quote is the first one not escaped by an odd run of backslashes
    for (;;) {
      end = this.text.indexOf('"', end + 1);
      if (end < 0) return this.fail('unterminated string');
      let slashes = 0;
      while (this.text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
      if (slashes % 2 === 0) break;
    }
    const raw = this.text.slice(start, end + 1);
    this.pos = end + 1;
    // escapes and control characters: JSON.parse decodes or refuses them exactly
    return raw.includes('\\') || CONTROL.test(raw) ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  private expect(code: number, what: string): void {
    this.skip();
    if (this.text.charCodeAt(this.pos) !== code) this.fail(`expected ${what}`);
    this.pos++;
  }

  private array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skip();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      if (this.closes(0x5d, "expected ',' or ']'")) return out;
    }
  }

  private object(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.skip();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skip();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail('expected a property name');
      const key = this.string();
      this.expect(0x3a, "':'");
      const v = this.value();
      // like JSON.parse: "__proto__" is an own property, never the prototype
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      if (this.closes(0x7d, "expected ',' or '}'")) return out;
    }
  }

  /** after an element: true at the closing bracket, false after a comma (another element follows) */
  private closes(close: number, expected: string): boolean {
    this.skip();
    const c = this.text.charCodeAt(this.pos++);
    if (c === close) return true;
    if (c !== 0x2c) {
      this.pos--;
      this.fail(expected);
    }
    return false;
  }
}

const WORDS: Array<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];

// ---- stringify (only when a BigInt is present) ---------------------------------------------

/** JSON.stringify's rules (toJSON, undefined/functions/symbols skipped, non-finite → null) plus BigInt. */
function writeValue(value: unknown, key: string, stack: Set<object>): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(k: string): unknown }).toJSON(key);
    if (typeof value === 'bigint') return value.toString();
  }
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' || value === undefined ? undefined : JSON.stringify(value);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return JSON.stringify(value);
  if (stack.has(value)) throw new TypeError('Converting circular structure to JSON');
  stack.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((v, i) => writeValue(v, String(i), stack) ?? 'null').join(',')}]`;
  } else {
    const parts: string[] = [];
    for (const k of Object.keys(value)) {
      const v = writeValue((value as Record<string, unknown>)[k], k, stack);
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${v}`);
    }
    out = `{${parts.join(',')}}`;
  }
  stack.delete(value);
  return out;
}
