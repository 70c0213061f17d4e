// Incremental HTTP/1.x response parser. The head (status line and headers) is copied out, it is
// small; body bytes are handed on as views of the bytes fed in, so a page of hits is never copied
// by the transport. Framing: no body (HEAD, 204, 304), Content-Length, chunked, or up to the close.

export type HeaderValues = Record<string, string | string[]>;

export interface ResponseHead {
  status: number;
  headers: HeaderValues;
  /** the connection may carry another request after this response */
  keepAlive: boolean;
  /** the server's `Keep-Alive: timeout=N`, in ms */
  keepAliveMs?: number;
}

export interface ResponseSink {
  head(head: ResponseHead): void;
  /** a view of the fed bytes, valid only until the caller reuses them */
  body(view: Buffer): void;
  end(): void;
}

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 4 * 1024;

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Done,
}

export class HttpProtocolError extends Error {
  readonly code = 'ESFERRY_HTTP_PROTOCOL';
}

export class ResponseParser {
  private state = State.Head;
  private head = Buffer.alloc(0);
  private line = '';
  private left = 0;
  private keepAlive = true;

  constructor(
    private readonly sink: ResponseSink,
    /** a HEAD request: the response has headers only, whatever Content-Length says */
    private readonly headRequest: boolean,
  ) {}

  get done(): boolean {
    return this.state === State.Done;
  }

  /** the connection can serve another request once this response is done */
  get reusable(): boolean {
    return this.state === State.Done && this.keepAlive;
  }

  /** Consumes `buf[start, end)`; returns where the response ended (bytes after it are not ours). */
  feed(buf: Buffer, start: number, end: number): number {
    let i = start;
    while (i < end && this.state !== State.Done) {
      switch (this.state) {
        case State.Head:
          i = this.feedHead(buf, i, end);
          break;
        case State.Length:
          i = this.counted(buf, i, end);
          if (this.left === 0) this.finish();
          break;
        case State.UntilClose:
          this.sink.body(buf.subarray(i, end));
          i = end;
          break;
        case State.ChunkSize:
        case State.ChunkDataEnd:
        case State.Trailers:
          i = this.feedLine(buf, i, end);
          break;
        case State.ChunkData:
          i = this.counted(buf, i, end);
          if (this.left === 0) this.state = State.ChunkDataEnd;
          break;
      }
    }
    return i;
  }

  /** hands on up to `left` body bytes (a Content-Length body or one chunk); returns where it stopped */
  private counted(buf: Buffer, i: number, end: number): number {
    const n = Math.min(this.left, end - i);
    this.sink.body(buf.subarray(i, i + n));
    this.left -= n;
    return i + n;
  }

  /** The server closed the connection: the end of an until-close body, an error otherwise. */
  eof(): void {
    if (this.state === State.UntilClose) return this.finish();
    if (this.state !== State.Done) throw new HttpProtocolError(this.state === State.Head && this.head.length === 0 ? 'the server closed the connection before answering' : 'the server closed the connection mid-response');
  }

  private finish(): void {
    this.state = State.Done;
    this.sink.end();
  }

  private feedHead(buf: Buffer, i: number, end: number): number {
    // the terminator may straddle two reads: search the kept head's tail together with the new bytes
    const from = Math.max(0, this.head.length - 3);
    const joined = this.head.length === 0 ? buf.subarray(i, end) : Buffer.concat([this.head, buf.subarray(i, end)]);
    const at = joined.indexOf('\r\n\r\n', from, 'latin1');
    if (at < 0) {
      if (joined.length > MAX_HEAD_BYTES) throw new HttpProtocolError(`response headers larger than ${MAX_HEAD_BYTES} bytes`);
      this.head = Buffer.from(joined);
      return end;
    }
    const used = at + 4 - this.head.length;
    const text = joined.toString('latin1', 0, at);
    this.head = Buffer.alloc(0);
    this.startBody(parseHead(text));
    return i + used;
  }

  private startBody(head: ResponseHead & { length?: number; chunked: boolean; http10: boolean }): void {
    const { status } = head;
    if (status >= 100 && status < 200) {
      // an interim answer (100 Continue): the real one follows
      return;
    }
    this.keepAlive = head.keepAlive;
    this.sink.head({ status, headers: head.headers, keepAlive: head.keepAlive, ...(head.keepAliveMs !== undefined ? { keepAliveMs: head.keepAliveMs } : {}) });
    if (this.headRequest || status === 204 || status === 304) return this.finish();
    if (head.chunked) {
      this.state = State.ChunkSize;
    } else if (head.length !== undefined) {
      this.left = head.length;
      if (this.left === 0) return this.finish();
      this.state = State.Length;
    } else {
      this.keepAlive = false;
      this.state = State.UntilClose;
    }
  }

  private feedLine(buf: Buffer, i: number, end: number): number {
    const nl = buf.indexOf(10, i);
    const stop = nl < 0 || nl >= end ? end : nl;
    this.line += buf.toString('latin1', i, stop);
    if (this.line.length > MAX_LINE_BYTES) throw new HttpProtocolError('chunked framing line too long');
    if (stop === end) return end;
    const line = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
    this.line = '';
    this.onLine(line);
    return stop + 1;
  }

  private onLine(line: string): void {
    if (this.state === State.ChunkDataEnd) {
      if (line !== '') throw new HttpProtocolError('chunk data not followed by CRLF');
      this.state = State.ChunkSize;
      return;
    }
    if (this.state === State.Trailers) {
      if (line === '') this.finish();
      return;
    }
    const hex = line.split(';', 1)[0]!.trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new HttpProtocolError(`bad chunk size "${hex.slice(0, 20)}"`);
    this.left = parseInt(hex, 16);
    this.state = this.left === 0 ? State.Trailers : State.ChunkData;
  }
}

function parseHead(text: string): ResponseHead & { length?: number; chunked: boolean; http10: boolean } {
  const lines = text.split('\r\n');
  const m = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0]!);
  if (!m) throw new HttpProtocolError(`not an HTTP/1.x status line: "${lines[0]!.slice(0, 40)}"`);
  const http10 = m[1] === '0';
  const status = Number(m[2]);
  const headers: HeaderValues = {};
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpProtocolError(`malformed header line "${line.slice(0, 40)}"`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const prev = headers[name];
    headers[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  const connection = one('connection')?.toLowerCase() ?? '';
  const keepAlive = http10 ? /\bkeep-alive\b/.test(connection) : !/\bclose\b/.test(connection);
  const te = one('transfer-encoding')?.toLowerCase();
  const chunked = te !== undefined && /\bchunked\s*$/.test(te);
  let length: number | undefined;
  const cl = headers['content-length'];
  if (!chunked && cl !== undefined) {
    const values = (Array.isArray(cl) ? cl : [cl]).flatMap((v) => v.split(',')).map((v) => v.trim());
    if (!values.every((v) => /^\d{1,15}$/.test(v) && v === values[0])) throw new HttpProtocolError(`bad Content-Length "${String(cl).slice(0, 40)}"`);
    length = Number(values[0]);
  }
  const timeout = /\btimeout=(\d+)/i.exec(one('keep-alive') ?? '');
  return { status, headers, keepAlive, ...(timeout ? { keepAliveMs: Number(timeout[1]) * 1000 } : {}), length, chunked, http10 };
}
