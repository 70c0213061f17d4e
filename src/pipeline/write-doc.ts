// A document on its way to the destination: bulk metadata plus the raw `_source` bytes.
import type { BulkMetaInput } from '../cluster/types.js';

/** Called once per document when the destination settled it (written, skipped or dead-lettered). */
export type SettleFn = () => void;

export interface WriteDoc {
  action: 'index' | 'create';
  meta: BulkMetaInput;
  /** raw JSON of the document body, without a trailing newline */
  source: Buffer;
  attempts: number;
  settle: SettleFn;
}
