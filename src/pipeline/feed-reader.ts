// Moves one reader's hits into the writers: wait for in-flight room, transform, hand over, and
// acknowledge the read position once every document made from a hit was settled.
import type { HitReader } from '../read/reader.js';
import type { BulkWriter } from '../write/bulk-writer.js';
import type { BulkMetaInput } from '../cluster/types.js';
import type { InFlightBudget } from './in-flight-budget.js';
import type { PositionTracker } from './position-tracker.js';
import type { WriteDoc } from './write-doc.js';
import { needsParse, passThroughMeta, prepareDocs, TransformError, type PrepareContext, type PreparedDoc } from './prepare-doc.js';
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

/** the documents made from one hit (a transform may split it): its room and position free with the last */
interface Split {
  remaining: number;
}

/**
 * A document in flight is this one object: what the writer needs, and what settling it frees (its
 * room in the in-flight bound, its read position). No closure or array per document.
 */
class FedDoc implements WriteDoc {
  attempts = 0;
  at = 0;
  srcAt = 0;
  end = 0;

  constructor(
    readonly action: 'index' | 'create',
    readonly meta: BulkMetaInput,
    public source: Buffer,
    private readonly budget: InFlightBudget,
    private readonly tracker: PositionTracker,
    private readonly seq: number,
    private readonly bytes: number,
    private readonly split: Split | undefined,
  ) {}

  settle(): void {
    if (this.split && --this.split.remaining > 0) return;
    this.budget.release(this.bytes);
    this.tracker.ack(this.seq);
  }
}

const HANDED_OVER = Buffer.alloc(0);

export async function feedReader(reader: HitReader, f: FeedContext): Promise<void> {
  const { budget, writer, counts, prep } = f;
  const tracker = reader.tracker;
  const timeOf = f.timeField ? timeFieldReader(f.timeField) : undefined;
  const passThrough = !needsParse(prep);
  const arena = new SourceArena();
  for await (const group of reader.groups(f.signal)) {
    // The hits' sources point into the network chunk they came in. The writer copies each one into
    // a bulk body when it is added, so a group handed over without waiting needs no other copy;
    // before waiting (room, an async transform), the sources still to go move into arena slabs,
    // so the chunk is not kept alive (and promoted) by a waiting reader.
    let slabs: Array<Slab | undefined> | undefined;
    const park = (from: number) => {
      slabs ??= new Array<Slab | undefined>(group.length);
      // the writer has copied the hits handed over already: they must not pin the chunk either
      for (let r = 0; r < from; r++) group[r]!.source = HANDED_OVER;
      for (let r = from; r < group.length; r++) {
        if (slabs[r]) continue;
        const held = arena.hold(group[r]!.source);
        if (held) {
          group[r]!.source = held.bytes;
          slabs[r] = held.slab;
        }
      }
    };
    const unpark = (k: number) => {
      const slab = slabs?.[k];
      if (slab) arena.release(slab);
    };
    for (let k = 0; k < group.length; k++) {
      const hit = group[k]!;
      // a doc counts as read once it has room; hits left behind by a cancel here were never read
      const ahead = f.maxAhead !== undefined && tracker.unsaved >= f.maxAhead;
      if (ahead || !budget.tryAcquire(hit.bytes)) {
        park(k);
        try {
          if (ahead) {
            // waiting first, then telling the writers: they send a partial bulk for a waiting reader only
            const room = tracker.roomFor(f.maxAhead!, f.signal);
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
          for (let r = k; r < group.length; r++) unpark(r);
          throw err;
        }
      }
      const seq = tracker.track(hit.sort, timeOf?.(hit.source));
      counts.read++;
      counts.bytesRead += hit.bytes;
      if (passThrough) {
        writer.add(new FedDoc(prep.opType, passThroughMeta(hit, prep), hit.source, budget, tracker, seq, hit.bytes, undefined));
        unpark(k);
        continue;
      }
      let prepared: PreparedDoc[];
      try {
        const out = prepareDocs(hit, prep);
        if (out instanceof Promise) park(k);
        prepared = out instanceof Promise ? await out : out;
      } catch (err) {
        if (!(err instanceof TransformError)) throw err;
        // the document is dead-lettered with the transform's error; the copy goes on
        await writer.refuse(
          { action: prep.opType, meta: { index: prep.destIndex, type: hit.type, id: hit.id, routing: hit.routing }, source: Buffer.from(hit.source), attempts: 0, settle: () => {} },
          err.record,
        );
        budget.release(hit.bytes);
        unpark(k);
        tracker.ack(seq);
        continue;
      }
      unpark(k);
      if (prepared.length === 0) {
        counts.dropped++;
        budget.release(hit.bytes);
        tracker.ack(seq);
        continue;
      }
      counts.added += prepared.length - 1;
      // split docs share the hit's room and its position: both free when the last one settles
      const split = prepared.length > 1 ? { remaining: prepared.length } : undefined;
      for (const p of prepared) writer.add(new FedDoc(p.action, p.meta, p.source, budget, tracker, seq, hit.bytes, split));
    }
  }
}

