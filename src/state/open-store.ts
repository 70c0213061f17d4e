// One place that turns `--state FILE` / `--state-index NAME` into a StateStore.
import { EsferryError } from '../cluster/errors.js';
import type { Dialect, Transport } from '../cluster/types.js';
import { FileStateStore } from './file-store.js';
import { IndexStateStore, type IndexStateStoreOptions } from './index-store.js';
import type { StateStore } from './store.js';

export interface OpenStateOptions {
  /** --state FILE */
  file?: string;
  /** --state-index NAME (kept on the destination cluster) */
  index?: string;
  /** the destination connection, required with `index` */
  dest?: { transport: Transport; dialect: Dialect };
  indexStore?: IndexStateStoreOptions;
}

/** undefined when neither option was given (a run without memory) */
export function openStateStore(o: OpenStateOptions): StateStore | undefined {
  if (o.file && o.index) throw new EsferryError('bad_input', 'use either --state FILE or --state-index NAME, not both');
  if (o.file) return new FileStateStore(o.file);
  if (o.index) {
    if (!o.dest) throw new EsferryError('bad_input', '--state-index needs the destination cluster connection');
    return new IndexStateStore(o.dest.transport, o.dest.dialect, o.index, o.indexStore);
  }
  return undefined;
}
