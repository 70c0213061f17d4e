// Reusable buffers for bulk bodies. A body of small docs is ~0.7 MB per bulk; allocating a fresh
// one per request makes a steady stream of large external allocations that outlive young-gen
// collections and wait for a full GC, which is most of the copier's memory above its live set.
// Bodies go back here once their request came back, so a copy allocates about one per writer.

export class BodyPool {
  private readonly free: Buffer[] = [];
  /** only memory this pool allocated comes back (a view of Node's shared slab must never be reused) */
  private readonly owned = new WeakSet<ArrayBufferLike>();

  constructor(private readonly maxFree = 4) {}

  /** a buffer of exactly `size` bytes (a view of a pooled one when one is big enough) */
  take(size: number): Buffer {
    for (let k = this.free.length - 1; k >= 0; k--) {
      const b = this.free[k]!;
      if (b.length >= size) {
        this.free.splice(k, 1);
        return b.subarray(0, size);
      }
    }
    // room to grow a little, so a slightly bigger next bulk still fits
    const fresh = Buffer.allocUnsafeSlow(Math.ceil(size * 1.25));
    this.owned.add(fresh.buffer);
    return fresh.subarray(0, size);
  }

  /** give back a body from `take` once nothing reads it any more */
  give(body: Buffer): void {
    if (this.free.length >= this.maxFree || !this.owned.has(body.buffer) || body.byteOffset !== 0) return;
    const whole = Buffer.from(body.buffer, 0, body.buffer.byteLength);
    this.free.push(whole);
  }
}
