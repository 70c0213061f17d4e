// One worker's view of a coordinated migration: joins (or makes) the plan, reads every record,
// claims items — new ones with `create`, expired or retried ones with a guarded write — and claims
// the once-per-index setup step the same way. No leader: the coordination index decides every race.
import { EsferryError } from '../cluster/errors.js';
import type { CoordIndex, Stored } from './coord-index.js';
import { Lease, newClaim } from './lease.js';
import { LeaseObserver, monotonicClock, type Clock } from './lease-clock.js';
import type { IndexRecord, ItemRecord, PlanRecord, WorkItem } from './types.js';

export const PLAN_ID = 'plan';
export const itemDocId = (item: string) => `item:${item}`;
export const indexDocId = (dest: string) => `index:${dest}`;

export interface Snapshot {
  plan: PlanRecord;
  items: Map<string, Stored<ItemRecord>>;
  indices: Map<string, Stored<IndexRecord>>;
}

export interface CoordinatorOptions {
  index: CoordIndex;
  owner: string;
  clock?: Clock;
}

export class Coordinator {
  readonly index: CoordIndex;
  readonly owner: string;
  readonly clock: Clock;
  private observer: LeaseObserver | undefined;
  plan: PlanRecord | undefined;

  constructor(o: CoordinatorOptions) {
    this.index = o.index;
    this.owner = o.owner;
    this.clock = o.clock ?? monotonicClock;
  }

  /** the first worker's plan wins; a later one must be pointed at the same clusters */
  async join(proposal: PlanRecord): Promise<{ plan: PlanRecord; planned: boolean }> {
    const created = await this.index.create(PLAN_ID, proposal);
    const plan = created?.doc ?? ((await this.index.get(PLAN_ID))?.doc as PlanRecord | undefined);
    if (!plan || plan.kind !== 'plan') throw new EsferryError('server', `${this.index.location} lost its plan document`);
    if (plan.source !== proposal.source || plan.dest !== proposal.dest) {
      throw new EsferryError('bad_input', `${this.index.location} coordinates a migration from ${plan.source} to ${plan.dest}, not from ${proposal.source} to ${proposal.dest}; use another --coordinate name`);
    }
    this.plan = plan;
    this.observer = new LeaseObserver(this.clock, plan.leaseMs);
    return { plan, planned: created !== undefined };
  }

  async scan(): Promise<Snapshot> {
    if (!this.plan || !this.observer) throw new Error('join() first');
    const items = new Map<string, Stored<ItemRecord>>();
    const indices = new Map<string, Stored<IndexRecord>>();
    for (const s of await this.index.all()) {
      if (s.doc.kind === 'item') items.set(s.doc.item, s as Stored<ItemRecord>);
      else if (s.doc.kind === 'index') indices.set(s.doc.dest, s as Stored<IndexRecord>);
      if (s.doc.kind !== 'plan') this.observer.observe(s.id, s.seen.version);
    }
    return { plan: this.plan, items, indices };
  }

  /** ms a held record has not changed, as this worker saw it */
  unchangedFor(s: Stored): number {
    return this.observer?.unchangedFor(s.id, s.seen.version) ?? 0;
  }

  expired(s: Stored): boolean {
    return this.observer?.expired(s.id, s.seen.version) ?? false;
  }

  /** items this worker may claim now, in plan order: new, expired, and failed ones when retrying */
  claimable(snap: Snapshot, retryFailed: boolean): WorkItem[] {
    return snap.plan.items.filter((it) => {
      const rec = snap.items.get(it.id);
      if (!rec) return true;
      if (rec.doc.status === 'running') return this.expired(rec);
      if (rec.doc.status === 'released') return true;
      return rec.doc.status === 'failed' && retryFailed;
    });
  }

  /** claim an item; undefined when another worker got it first */
  async claimItem(snap: Snapshot, item: WorkItem): Promise<Lease<ItemRecord> | undefined> {
    const prev = snap.items.get(item.id);
    const now = new Date().toISOString();
    // a take-over resumes from the checkpoint; a retried failure reads the item again whole, since
    // its positions count refused (dead-lettered) documents as passed
    const resume = prev && prev.doc.status !== 'failed' ? prev.doc : undefined;
    const doc: ItemRecord = {
      kind: 'item', item: item.id, status: 'running', owner: this.owner, claim: newClaim(), renewals: 0, updatedAt: now,
      positions: resume?.positions ?? [], acknowledged: resume?.acknowledged ?? 0, docsPerSecond: 0,
      attempts: (prev?.doc.attempts ?? 0) + 1, startedAt: now,
    };
    return this.claim(prev, itemDocId(item.id), doc);
  }

  /** claim the metadata/tuning step of a destination index (new, or its holder's lease expired) */
  async claimIndexSetup(snap: Snapshot, dest: string): Promise<Lease<IndexRecord> | undefined> {
    const prev = snap.indices.get(dest);
    if (prev && !(prev.doc.status === 'setup' && this.expired(prev))) return undefined;
    const doc: IndexRecord = { kind: 'index', dest, status: 'setup', owner: this.owner, claim: newClaim(), renewals: 0, updatedAt: new Date().toISOString() };
    return this.claim(prev, indexDocId(dest), doc);
  }

  private async claim<T extends ItemRecord | IndexRecord>(prev: Stored | undefined, id: string, doc: T): Promise<Lease<T> | undefined> {
    const sentAt = this.clock.now();
    const won = prev ? await this.index.replace(prev, doc) : await this.index.create(id, doc);
    return won ? new Lease(this.index, won, this.clock, this.plan!.leaseMs, sentAt) : undefined;
  }

  /** mark a finished index step (restored, failed) with a guarded write; false when someone else did */
  async settleIndex(prev: Stored<IndexRecord>, status: IndexRecord['status'], error?: string): Promise<boolean> {
    const doc: IndexRecord = { ...prev.doc, status, owner: this.owner, renewals: prev.doc.renewals + 1, updatedAt: new Date().toISOString(), ...(error ? { error } : {}) };
    return (await this.index.replace(prev, doc)) !== undefined;
  }
}

/** items of one destination index and whether every one of them has ended (done or failed) */
export function indexEnded(snap: Snapshot, dest: string): { ended: boolean; allDone: boolean } {
  const mine = snap.plan.items.filter((i) => i.destIndex === dest);
  const st = mine.map((i) => snap.items.get(i.id)?.doc.status);
  return { ended: st.every((s) => s === 'done' || s === 'failed'), allDone: st.every((s) => s === 'done') };
}
