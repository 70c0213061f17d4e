// Request body encoding (JSON / NDJSON, optional gzip) and response body decoding (gzip / deflate).
import { stringifyDoc } from '../../pipeline/doc-json.js';
import { gzipSync, gunzipSync, inflateSync, createGunzip, createInflate } from 'node:zlib';
import { pipeline } from 'node:stream';

export interface EncodedBody {
  data?: Buffer;
  contentType?: string;
  contentEncoding?: string;
}

const NDJSON_PATH = /\/_(bulk|msearch)(\/|$)/;

/** Objects become JSON; strings/Buffers go as they are, NDJSON on _bulk/_msearch paths. */
export function encodeBody(body: unknown, path: string, contentType: string | undefined, gzip: boolean): EncodedBody {
  if (body === undefined || body === null) return {};
  let data: Buffer;
  let type: string;
  if (typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Uint8Array) {
    // bulk bodies are large and built once: send the caller's bytes, never a copy of them
    if (typeof body === 'string') data = Buffer.from(body, 'utf8');
    else if (Buffer.isBuffer(body)) data = body;
    else {
      const view = body as Uint8Array;
      data = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
    }
    type = NDJSON_PATH.test(path) ? 'application/x-ndjson' : 'application/json';
  } else {
    // a BigInt (a long beyond 2^53 in a library caller's query) is written as a JSON integer
    data = Buffer.from(stringifyDoc(body), 'utf8');
    type = 'application/json';
  }
  if (gzip && data.length > 0) return { data: gzipSync(data), contentType: contentType ?? type, contentEncoding: 'gzip' };
  return { data, contentType: contentType ?? type };
}

export function contentEncodingOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const v = headers['content-encoding'];
  return (Array.isArray(v) ? v[0] : v)?.trim().toLowerCase();
}

/** Whole-body decoding for buffered requests. */
export function decodeBuffer(raw: Buffer, encoding: string | undefined): Buffer {
  if (raw.length === 0) return raw;
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(raw);
  if (encoding === 'deflate') return inflateSync(raw);
  return raw;
}

/** Streaming decoding: the body is piped through a zlib stream when compressed. */
export function decodeStream(body: AsyncIterable<Uint8Array>, encoding: string | undefined): AsyncIterable<Uint8Array> {
  const unzip = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : undefined;
  if (!unzip) return body;
  // pipeline (not pipe) so a socket error reaches the consumer as an iteration error; zlib works
  // on a chunk after the next one was asked for, so it gets copies of reusable read buffers
  return pipeline(copies(body), unzip, () => {});
}

async function* copies(body: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const chunk of body) yield Buffer.from(chunk);
}

export function isJsonContentType(ct: string | string[] | undefined): boolean {
  const v = (Array.isArray(ct) ? ct[0] : ct)?.toLowerCase() ?? '';
  return v.includes('json');
}

/** an error response body: JSON when it parses, its text otherwise, undefined when empty */
export function errorBodyOf(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
