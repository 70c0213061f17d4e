// Moves one reader's hits into the writers: wait for in-flight room, transform, hand over, and
// acknowledge the read position once every document made from a hit was settled.
import type { HitReader } from '../read/reader.js';
import type { BulkWriter } from '../write/bulk-writer.js';
import type { InFlightBudget } from './in-flight-budget.js';
import { prepareDocs, TransformError, type PrepareContext, type PreparedDoc } from './prepare-doc.js';
import { timeFieldReader } from './time-field.js';
import { SourceArena, type Slab } from './source-arena.js';

export interface FeedCounts {
  read: number;
  added: number;
  dropped: number;
  bytesRead: number;
}

export interface FeedContext {
  budget: InFlightBudget;
  writer: BulkWriter;
  prep: PrepareContext;
  counts: FeedCounts;
  /** configured time field: its value is tracked for checkpoint high-water marks (read from the raw bytes) */
  timeField?: string;
  /** docs the reader may run ahead of its last saved checkpoint (resumable reads: the most a crash re-copies) */
  maxAhead?: number;
  signal: AbortSignal;
}

export async function feedReader(reader: HitReader, f: FeedContext): Promise<void> {
  const { budget, writer, counts } = f;
  const timeOf = f.timeField ? timeFieldReader(f.timeField) : undefined;
  const arena = new SourceArena();
  for await (const group of reader.groups(f.signal)) {
    // move the sources out of the network chunks at once, so the chunks die young
    const slabs = new Array<Slab | undefined>(group.length);
    for (let k = 0; k < group.length; k++) {
      const held = arena.hold(group[k]!.source);
      if (held) {
        group[k]!.source = held.bytes;
        slabs[k] = held.slab;
      }
    }
    for (let k = 0; k < group.length; k++) {
      const hit = group[k]!;
      const slab = slabs[k];
      // a doc counts as read once it has room; hits left behind by a cancel here were never read
      const ahead = f.maxAhead !== undefined && reader.tracker.unsaved >= f.maxAhead;
      if (ahead || !budget.tryAcquire(hit.bytes)) {
        try {
          if (ahead) {
            // waiting first, then telling the writers: they send a partial bulk for a waiting reader only
            const room = reader.tracker.roomFor(f.maxAhead!, f.signal);
            writer.readerBlocked();
            await room;
          }
          if (!ahead || !budget.tryAcquire(hit.bytes)) {
            // about to wait: if nothing is on the wire, the writers send a partial bulk so the wait can end
            writer.readerBlocked();
            await budget.acquire(hit.bytes, f.signal);
          }
        } catch (err) {
          // cancelled while waiting: the rest of the group never enters the pipeline
          for (let r = k; r < group.length; r++) if (slabs[r]) arena.release(slabs[r]!);
          throw err;
        }
      }
      const seq = reader.tracker.track(hit.sort, timeOf?.(hit.source));
      counts.read++;
      counts.bytesRead += hit.bytes;
      let prepared: PreparedDoc[];
      try {
        const out = prepareDocs(hit, f.prep);
        prepared = out instanceof Promise ? await out : out;
      } catch (err) {
        if (!(err instanceof TransformError)) throw err;
        // the document is dead-lettered with the transform's error; the copy goes on
        await writer.refuse(
          { action: f.prep.opType, meta: { index: f.prep.destIndex, type: hit.type, id: hit.id, routing: hit.routing }, source: hit.source, attempts: 0, settle: () => {} },
          err.record,
        );
        budget.release(hit.bytes);
        if (slab) arena.release(slab);
        reader.tracker.ack(seq);
        continue;
      }
      if (prepared.length === 0) {
        counts.dropped++;
        budget.release(hit.bytes);
        if (slab) arena.release(slab);
        reader.tracker.ack(seq);
        continue;
      }
      counts.added += prepared.length - 1;
      // split docs share the hit's room and its position: both free when the last one settles
      let remaining = prepared.length;
      const settle = () => {
        if (--remaining > 0) return;
        budget.release(hit.bytes);
        if (slab) arena.release(slab);
        reader.tracker.ack(seq);
      };
      for (const p of prepared) writer.add({ action: p.action, meta: p.meta, source: p.source, attempts: 0, settle });
    }
  }
}
