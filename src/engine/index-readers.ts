// Builds the readers of one source index for the chosen mode, honouring resume positions.
import type { Cluster } from '../cluster/types.js';
import type { ReaderPosition } from './types.js';
import type { ConcreteReadMode } from '../read/read-mode.js';
import type { HitReader, PageSizing } from '../read/reader.js';
import type { ReadFilter } from '../read/search-body.js';
import { ScrollReader } from '../read/scroll-reader.js';
import { SearchAfterReader } from '../read/search-after-reader.js';

export interface ReaderPlan {
  source: Cluster;
  index: string;
  mode: ConcreteReadMode;
  slices: number;
  filter: ReadFilter;
  sizing: PageSizing;
  keepAlive: string;
  resume: ReaderPosition[];
  log: (line: string) => void;
}

export function createReaders(p: ReaderPlan): HitReader[] {
  const base = { transport: p.source.transport, dialect: p.source.dialect, index: p.index, filter: p.filter, sizing: p.sizing, keepAlive: p.keepAlive, log: p.log };
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
  return [new SearchAfterReader({ ...base, usePit: p.mode === 'pit', resume: p.resume[0] })];
}
