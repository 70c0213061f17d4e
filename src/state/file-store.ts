// `--state FILE`: the whole run state in one local JSON file, replaced atomically on every save.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EsferryError } from '../cluster/errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { acquireFileLock } from './file-lock.js';
import { emptyIndexState } from './index-state.js';
import { decodeState, encodeState } from './state-format.js';
import { defaultOwner, type LockOptions, type StateLock, StateStoreBase } from './store.js';
import type { IndexState, RunState } from './types.js';

export class FileStateStore extends StateStoreBase {
  readonly file: string;
  readonly location: string;
  private cache: RunState | undefined;
  /** the write in progress (never rejects; errors go to the caller of the save that started it) */
  private lastWrite: Promise<void> = Promise.resolve();
  /** a write queued behind the current one; later saves join it instead of queueing more */
  private queued: Promise<void> | undefined;
  private loading: Promise<unknown> | undefined;

  constructor(file: string) {
    super();
    this.file = resolve(file);
    this.location = `state file ${this.file}`;
  }

  async load(): Promise<RunState> {
    await this.queued?.catch(() => undefined);
    await this.lastWrite;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new EsferryError('bad_input', `cannot read ${this.location}: ${(e as Error).message}`, { cause: e });
      }
      this.cache = { indices: {} };
      return structuredClone(this.cache);
    }
    this.cache = decodeState(text, this.location);
    return structuredClone(this.cache);
  }

  async saveIndex(state: IndexState): Promise<void> {
    await this.ensureLoaded();
    this.cache!.indices[state.sourceIndex] = structuredClone(state);
    return this.persist();
  }

  lock(owner = defaultOwner(), opts: LockOptions = {}): Promise<StateLock> {
    return acquireFileLock(`${this.file}.lock`, owner, opts.force === true);
  }

  async close(): Promise<void> {
    await this.lastWrite;
  }

  /** the first save reads the existing file once (so a corrupt file is refused, never overwritten) */
  private ensureLoaded(): Promise<unknown> {
    this.loading ??= this.load().catch((e: unknown) => {
      this.loading = undefined;
      throw e;
    });
    return this.loading;
  }

  protected async current(sourceIndex: string): Promise<IndexState> {
    await this.ensureLoaded();
    return structuredClone(this.cache!.indices[sourceIndex] ?? emptyIndexState(sourceIndex));
  }

  /** serialise writes; the content is taken when the write starts, so a queued write carries every later save */
  private persist(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.lastWrite.then(() => {
      this.queued = undefined;
      return writeFileAtomic(this.file, encodeState(this.cache!));
    });
    this.lastWrite = run.catch(() => undefined);
    this.queued = run.catch((e: unknown) => {
      throw new EsferryError('bad_input', `cannot write ${this.location}: ${(e as Error).message}`, { cause: e });
    });
    return this.queued;
  }
}

export function createFileStateStore(file: string): FileStateStore {
  return new FileStateStore(file);
}
