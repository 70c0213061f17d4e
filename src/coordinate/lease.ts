// The holder's side of a lease on one record: every renewal is a guarded write (it also carries the
// item's checkpoint). The lease is lost when a renewal is refused because someone else wrote the
// record (a take-over), or when no renewal was confirmed for HOLDER_SHARE of the lease time — from
// then on others may take over, so the holder must not write for that item any more.
import { randomUUID } from 'node:crypto';
import type { CoordIndex, Stored } from './coord-index.js';
import { HOLDER_SHARE, type Clock } from './lease-clock.js';
import type { IndexRecord, ItemRecord } from './types.js';

type Leased = ItemRecord | IndexRecord;

export function newClaim(): string {
  return randomUUID();
}

export class Lease<T extends Leased> {
  private lastConfirmed: number;
  private lostReason: string | undefined;
  private readonly lostController = new AbortController();

  constructor(
    private readonly index: CoordIndex,
    private current: Stored<T>,
    private readonly clock: Clock,
    private readonly leaseMs: number,
    /** when the write that won this lease was sent */
    sentAt: number,
  ) {
    this.lastConfirmed = sentAt;
  }

  get record(): T {
    return this.current.doc;
  }

  get stored(): Stored<T> {
    return this.current;
  }

  /** aborts once the lease is lost (pass to the engine as its write fence) */
  get signal(): AbortSignal {
    return this.lostController.signal;
  }

  get lost(): string | undefined {
    if (!this.lostReason && this.clock.now() - this.lastConfirmed >= this.leaseMs * HOLDER_SHARE) {
      this.lose(`no renewal confirmed for ${Math.round((this.leaseMs * HOLDER_SHARE) / 1000)} s of the ${Math.round(this.leaseMs / 1000)} s lease`);
    }
    return this.lostReason;
  }

  /** write the record with `change` applied; false when the lease is (or just got) lost */
  async renew(change: (doc: T) => T): Promise<boolean> {
    if (this.lost) return false;
    const next = { ...change(this.current.doc), renewals: this.current.doc.renewals + 1, updatedAt: new Date().toISOString() };
    const sentAt = this.clock.now();
    let written: Stored<T> | undefined;
    try {
      written = await this.index.replace(this.current, next);
    } catch {
      // unclear outcome: the lease runs out by itself unless a later renewal is confirmed
      return !this.lost;
    }
    if (!written) {
      // refused: either someone took over, or an earlier unclear write of ours did land
      const now = await this.index.get(this.current.id).catch(() => undefined);
      const mine = now && 'claim' in now.doc && now.doc.claim === next.claim && now.doc.renewals >= this.current.doc.renewals + 1;
      if (!mine) {
        this.lose(`taken over by ${now && 'owner' in now.doc ? now.doc.owner : 'another worker'}`);
        return false;
      }
      this.current = now as Stored<T>;
      return this.renew(change);
    }
    this.current = written;
    this.lastConfirmed = sentAt;
    return true;
  }

  private lose(reason: string): void {
    this.lostReason = reason;
    this.lostController.abort(new Error(`lease lost: ${reason}`));
  }
}
