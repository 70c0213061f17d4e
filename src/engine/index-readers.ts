// Builds the readers of one source index for the chosen mode, honouring resume positions.
import type { Cluster } from '../cluster/types.js';
import type { ReaderPosition } from './types.js';
import type { ConcreteReadMode } from '../read/read-mode.js';
import type { HitReader, PageSizing, ReaderOptions } from '../read/reader.js';
import type { ReadFilter } from '../read/search-body.js';
import { ScrollReader } from '../read/scroll-reader.js';
import { SearchAfterReader } from '../read/search-after-reader.js';
import { SharedPit } from '../read/shared-pit.js';

export interface ReaderPlan {
  source: Cluster;
  index: string;
  mode: ConcreteReadMode;
  slices: number;
  /** primary shards of the index (slices of a search_after read are whole shards) */
  shards: number;
  filter: ReadFilter;
  sizing: PageSizing;
  keepAlive: string;
  resume: ReaderPosition[];
  /** slices asked for explicitly (a PIT is only sliced on request; 'auto' = `slices`) */
  requestedSlices?: number | 'auto';
  /** read this one slice only (the others are read elsewhere) */
  only?: { id: number; max: number };
  log: (line: string) => void;
}

export interface IndexReaders {
  readers: HitReader[];
  /** frees what the readers share (a sliced read's PIT), after every reader closed */
  closeShared(): Promise<void>;
  /** docs an earlier run acknowledged that these readers will not read again */
  resumed: number;
}

export function createReaders(p: ReaderPlan): IndexReaders {
  // a PIT is sliced on request only: a number, or 'auto' (one slice per shard, up to 4)
  const requested = typeof p.requestedSlices === 'number' ? Math.floor(p.requestedSlices) : p.requestedSlices === 'auto' ? p.slices : 1;
  const pitSlices = p.only?.max ?? resumedSlices(p) ?? requested;
  if (p.mode === 'pit' && pitSlices > 1 && p.source.dialect.supportsSlicedPit) {
    // with max <= shards a slice is whole shards on any PIT, so each slice continues on a new PIT
    // from its own sort position; more slices split shards by Lucene doc id, which a new PIT numbers anew
    const wholeShards = pitSlices <= p.shards;
    const shared = new SharedPit(p.source.transport, p.source.dialect, p.index, p.keepAlive, wholeShards, p.log);
    if (!wholeShards && p.resume.some((r) => !r.done || r.slice)) p.log(`${p.index}: ${pitSlices} PIT slices over ${p.shards} shard(s) cannot resume on a new PIT; reading every slice again`);
    const ids = p.only ? [p.only.id] : Array.from({ length: pitSlices }, (_, id) => id);
    const readers = ids.map((id) => {
      const resume = wholeShards ? p.resume.find((r) => r.slice?.id === id && r.slice.max === pitSlices) : undefined;
      return new SearchAfterReader({ ...baseOf(p), usePit: true, slice: { id, max: pitSlices }, sharedPit: shared, ...(resume ? { resume } : {}) });
    });
    return { readers, closeShared: () => shared.close(), resumed: sumResumed(readers) };
  }
  const readers = createUnshared(p);
  return { readers, closeShared: async () => {}, resumed: sumResumed(readers) };
}

/** a resumed run reads with the slice count its positions were saved with (1 = unsliced) */
function resumedSlices(p: ReaderPlan): number | undefined {
  if (p.resume.length === 0) return undefined;
  return p.resume.find((r) => r.slice)?.slice?.max ?? 1;
}

function sumResumed(readers: HitReader[]): number {
  return readers.reduce((n, r) => n + r.tracker.position().acknowledged, 0);
}

function baseOf(p: ReaderPlan): ReaderOptions {
  return { transport: p.source.transport, dialect: p.source.dialect, index: p.index, filter: p.filter, sizing: p.sizing, keepAlive: p.keepAlive, log: p.log };
}

function createUnshared(p: ReaderPlan): HitReader[] {
  const base = baseOf(p);
  if (p.mode === 'sliced-scroll' && p.only) {
    const { id, max } = p.only;
    return [new ScrollReader({ ...base, slice: { id, max }, resume: p.resume.find((r) => r.slice?.id === id && r.slice.max === max) })];
  }
  if (p.mode === 'sliced-scroll') {
    // a resumed run keeps the slice count of the positions so completed slices line up
    const max = p.resume.find((r) => r.slice)?.slice?.max ?? p.slices;
    if (max <= 1) return [new ScrollReader({ ...base, resume: p.resume.find((r) => !r.slice) })];
    return Array.from({ length: max }, (_, id) => {
      const resume = p.resume.find((r) => r.slice?.id === id && r.slice.max === max);
      return new ScrollReader({ ...base, slice: { id, max }, resume });
    });
  }
  if (p.mode === 'scroll') return [new ScrollReader({ ...base, resume: p.resume[0] })];
  if (p.mode === 'search-after') {
    // slices are whole shards read through a shard preference; a resumed run keeps its slice count
    const max = p.only?.max ?? resumedSlices(p) ?? Math.min(p.slices, p.shards);
    if (max > 1) {
      const ids = p.only ? [p.only.id] : Array.from({ length: max }, (_, id) => id);
      return ids.map((id) => {
        const resume = p.resume.find((r) => r.slice?.id === id && r.slice.max === max);
        return new SearchAfterReader({ ...base, usePit: false, slice: { id, max }, shardCount: p.shards, ...(resume ? { resume } : {}) });
      });
    }
  }
  // an unsliced PIT resumes from an unsliced position only
  return [new SearchAfterReader({ ...base, usePit: p.mode === 'pit', resume: p.resume.find((r) => !r.slice) })];
}
