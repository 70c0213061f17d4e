// Lease time without comparing clocks. A holder proves it is alive by changing its record (every
// renewal is a guarded write, so the document's _version moves). Another worker calls a lease
// expired when it has seen the same _version for a whole lease time on its OWN monotonic clock.
// Wall clocks of the hosts may disagree by any amount; what must hold is that monotonic clocks run
// at about the same rate (a holder stops writing after 3/4 of the lease, so rates may differ by up
// to 33 %) and that a holder that was frozen (SIGSTOP, VM pause) finds out at its next guarded
// write, which is refused because the take-over changed the version.
export interface Clock {
  /** milliseconds on a monotonic clock */
  now(): number;
}

export const monotonicClock: Clock = { now: () => performance.now() };

/** a holder keeps writing for this share of the lease after its last confirmed renewal */
export const HOLDER_SHARE = 0.75;

export class LeaseObserver {
  private readonly seen = new Map<string, { version: number; since: number }>();

  constructor(
    private readonly clock: Clock,
    readonly leaseMs: number,
  ) {}

  /** record the version of a held record as read now */
  observe(id: string, version: number): void {
    const prev = this.seen.get(id);
    if (!prev || prev.version !== version) this.seen.set(id, { version, since: this.clock.now() });
  }

  /** ms this record has stayed at `version` as far as this worker saw (0 when it just changed) */
  unchangedFor(id: string, version: number): number {
    const s = this.seen.get(id);
    return s && s.version === version ? this.clock.now() - s.since : 0;
  }

  expired(id: string, version: number): boolean {
    return this.unchangedFor(id, version) >= this.leaseMs;
  }
}
