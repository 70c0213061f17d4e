// Sorting a stream of keyed records larger than memory: sorted runs of `chunkSize` records spill to temp files
// (one JSON array per line), then a k-way merge streams them back in order. Only `chunkSize` records plus one
// head record per run are ever held in memory.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** [key, ...extra]: records are ordered by key (JS string order; both sides of a diff use the same order) */
export type KeyedRecord = [string, ...unknown[]];

export interface ExternalSortOptions {
  chunkSize?: number;
  tmpDir?: string;
}

export interface SortedRecords extends AsyncIterable<KeyedRecord> {
  /** how many runs spilled to disk (0 = everything fit in one in-memory chunk) */
  readonly spilledRuns: number;
  /** remove temp files (also done when iteration ends) */
  cleanup(): Promise<void>;
}

const byKey = (a: KeyedRecord, b: KeyedRecord) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export async function externalSort(records: AsyncIterable<KeyedRecord>, opts: ExternalSortOptions = {}): Promise<SortedRecords> {
  const chunkSize = opts.chunkSize ?? 200_000;
  let dir: string | undefined;
  const runs: string[] = [];
  let chunk: KeyedRecord[] = [];
  const spill = async () => {
    chunk.sort(byKey);
    dir ??= await mkdtemp(join(opts.tmpDir ?? tmpdir(), 'esferry-ids-'));
    const file = join(dir, `run-${runs.length}.ndjson`);
    await writeFile(file, chunk.map((r) => JSON.stringify(r)).join('\n') + '\n');
    runs.push(file);
    chunk = [];
  };
  try {
    for await (const r of records) {
      chunk.push(r);
      if (chunk.length >= chunkSize) await spill();
    }
    if (runs.length > 0 && chunk.length > 0) await spill();
  } catch (e) {
    if (dir) await rm(dir, { recursive: true, force: true });
    throw e;
  }
  chunk.sort(byKey);
  const inMemory = runs.length === 0 ? chunk : undefined;
  const cleanup = async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  return {
    spilledRuns: runs.length,
    cleanup,
    // may be read more than once (a counting pass before deletes); cleanup() ends it
    async *[Symbol.asyncIterator]() {
      if (inMemory) yield* inMemory;
      else yield* mergeRuns(runs);
    },
  };
}

async function* readRun(file: string): AsyncGenerator<KeyedRecord> {
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  try {
    for await (const line of rl) if (line) yield JSON.parse(line) as KeyedRecord;
  } finally {
    rl.close();
  }
}

/** k-way merge; k is small (records / chunkSize), so a linear scan over the heads is cheap enough */
async function* mergeRuns(files: string[]): AsyncGenerator<KeyedRecord> {
  const iters = files.map((f) => readRun(f));
  const heads: Array<KeyedRecord | undefined> = [];
  try {
    for (const it of iters) heads.push((await it.next()).value ?? undefined);
    for (;;) {
      let min = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h && (min < 0 || h[0] < heads[min]![0])) min = i;
      }
      if (min < 0) return;
      yield heads[min]!;
      const next = await iters[min]!.next();
      heads[min] = next.done ? undefined : next.value;
    }
  } finally {
    await Promise.all(iters.map((it) => it.return(undefined)));
  }
}
