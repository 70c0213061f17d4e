// A Transport double for the bulk writers: parses each NDJSON body, answers per item from a
// scripted policy, and records what arrived (so tests can compare doc sets exactly).
import type { EsRequest, EsResponse, StreamResponse, Transport } from '../../../src/cluster/types.js';
import { EsferryError } from '../../../src/cluster/errors.js';

export interface BulkAction {
  action: string;
  meta: Record<string, unknown>;
  source: string;
}

export type ItemAnswer = { status: number; error?: { type: string; reason: string } };
export type RequestAnswer = { status: number } | { connectionError: true } | undefined;

export interface FakeBulkOptions {
  /** per-item answer; default 201 */
  item?: (a: BulkAction, attempt: number) => ItemAnswer;
  /** whole-request answer before items are looked at (n = request number, seen = times this exact body came); undefined = proceed */
  request?: (n: number, seen: number) => RequestAnswer;
  /** drop the last item from responses (a server that lost a line) */
  dropLastItem?: boolean;
}

export class FakeBulkTransport implements Transport {
  readonly redactedNodes = ['http://fake'];
  readonly stored = new Map<string, BulkAction>();
  readonly attempts = new Map<string, number>();
  requests = 0;
  bodies: string[] = [];
  private readonly seenBodies = new Map<string, number>();

  constructor(private readonly o: FakeBulkOptions = {}) {}

  async request<T>(): Promise<EsResponse<T>> {
    throw new Error('not used');
  }

  async stream(): Promise<StreamResponse> {
    throw new Error('not used');
  }

  async close(): Promise<void> {}

  async requestRaw(req: EsRequest & { okStatuses?: number[] }): Promise<EsResponse<Buffer>> {
    const n = ++this.requests;
    const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : String(req.body);
    this.bodies.push(text);
    const seen = (this.seenBodies.get(text) ?? 0) + 1;
    this.seenBodies.set(text, seen);
    const whole = this.o.request?.(n, seen);
    if (whole && 'connectionError' in whole) throw new EsferryError('connection', 'socket hang up');
    if (whole && whole.status !== 200) {
      if (req.okStatuses?.includes(whole.status)) return { status: whole.status, headers: {}, body: Buffer.from('{"error":"busy"}'), bytes: 16 };
      throw new EsferryError('server', `HTTP ${whole.status}`, { status: whole.status });
    }
    if (!text.endsWith('\n')) throw new Error('bulk body without trailing newline');
    const lines = text.slice(0, -1).split('\n');
    const items: unknown[] = [];
    let errors = false;
    for (let i = 0; i < lines.length; i += 2) {
      const head = JSON.parse(lines[i]!) as Record<string, Record<string, unknown>>;
      const action = Object.keys(head)[0]!;
      const meta = head[action]!;
      const a: BulkAction = { action, meta, source: lines[i + 1]! };
      JSON.parse(a.source);
      const key = `${meta._index}/${meta._id}`;
      const attempt = (this.attempts.get(key) ?? 0) + 1;
      this.attempts.set(key, attempt);
      const ans = this.o.item?.(a, attempt) ?? { status: 201 };
      if (ans.status < 300) this.stored.set(key, a);
      else errors = true;
      items.push({ [action]: { _index: meta._index, _id: meta._id, status: ans.status, ...(ans.error ? { error: ans.error } : {}) } });
    }
    if (this.o.dropLastItem) items.pop();
    const body = Buffer.from(JSON.stringify({ took: 1, errors, items }));
    return { status: 200, headers: {}, body, bytes: body.length };
  }
}
