// A document on its way to the destination: bulk metadata plus the raw `_source` bytes.
import type { BulkMetaInput } from '../cluster/types.js';

/** Called once per document when the destination settled it (written, skipped or dead-lettered). */
export type SettleFn = () => void;

export interface WriteDoc {
  action: 'index' | 'create';
  meta: BulkMetaInput;
  /**
   * raw JSON of the document body, without a trailing newline. The writer copies it into a bulk
   * body when the document is added and drops this reference then: the memory it points to (a
   * network chunk, an arena slab) is free for reuse as soon as `add` returns.
   */
  source: Buffer;
  attempts: number;
  settle: SettleFn;
  /** where the writer put it in its bulk body: action line, source, end (the writer's bookkeeping) */
  at?: number;
  srcAt?: number;
  end?: number;
}
