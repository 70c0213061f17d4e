// Dead-letter NDJSON file: one line per document the destination refused for good.
// Created only when the first document needs it. Without a path (library use without
// deadLetterFile) nothing is written to disk: each refused document goes to a callback instead.
import { open, type FileHandle } from 'node:fs/promises';
import type { WriteDoc } from '../pipeline/write-doc.js';
import { oneLine } from './bulk-body.js';

export function defaultDeadLetterPath(index: string, now = new Date()): string {
  const safe = index.replace(/[^A-Za-z0-9._-]/g, '_');
  return `./esferry-deadletter-${safe}-${now.toISOString().replace(/[:]/g, '-')}.ndjson`;
}

/** a refused document as a dead-letter line records it (the library's 'deadLetter' event) */
export interface DeadLetterRecord {
  index: string;
  type?: string;
  id: string;
  routing?: string;
  status: number;
  error: unknown;
  /** raw JSON body */
  source: Buffer;
}

export class DeadLetterFile {
  private handle: Promise<FileHandle> | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  count = 0;

  constructor(
    readonly path: string | undefined,
    private readonly onCreate: (path: string) => void = () => {},
    private readonly onRecord?: (r: DeadLetterRecord) => void,
  ) {}

  /** the file was opened for at least one document (stays true after close) */
  created = false;

  write(doc: WriteDoc, status: number, error: unknown): Promise<void> {
    this.count++;
    if (this.path === undefined) {
      const m = doc.meta;
      this.onRecord?.({ index: m.index, ...(m.type !== undefined ? { type: m.type } : {}), id: m.id, ...(m.routing !== undefined ? { routing: m.routing } : {}), status, error, source: doc.source });
      return Promise.resolve();
    }
    if (!this.handle) {
      this.created = true;
      this.handle = open(this.path, 'a');
      this.onCreate(this.path);
    }
    const head = JSON.stringify({
      index: doc.meta.index,
      type: doc.meta.type,
      id: doc.meta.id,
      routing: doc.meta.routing,
      error,
      status,
    });
    // the source is embedded raw (it is valid JSON), not re-serialised
    const line = Buffer.concat([Buffer.from(head.slice(0, -1) + ',"source":'), oneLine(doc.source), Buffer.from('}\n')]);
    const handle = this.handle;
    const next = this.chain.then(async () => {
      await (await handle).write(line);
    });
    this.chain = next;
    return next;
  }

  /** waits for pending lines; a file that could not be written was already reported by write() */
  async close(): Promise<void> {
    await this.chain.catch(() => {});
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await handle.then((h) => h.close()).catch(() => {});
  }
}
