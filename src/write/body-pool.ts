// Reusable buffers for bulk bodies. A body of small docs is ~0.7 MB per bulk; a body dropped after
// its request lived long enough to be promoted, and promoted Buffers wait for a full GC, which V8
// starts only after ~64 MB of them piled up: that garbage, not the live set, set the peak RSS.
// So every body comes back here once its request is done, and the pool keeps them all: the bodies
// in use at once are bounded by the in-flight bound (docs and bytes), so the pool never holds
// more than the most the copy ever had on the wire at the same time.

export class BodyPool {
  private readonly free: Buffer[] = [];
  /** only memory this pool allocated comes back (a view of Node's shared slab must never be reused) */
  private readonly owned = new WeakSet<ArrayBufferLike>();

  /**
   * @param maxFree bodies kept at most (the writers' concurrency bounds what is used at once)
   * @param maxBodyBytes bodies bigger than this (a huge document's own bulk) are not kept
   */
  constructor(
    private readonly maxFree = 64,
    private readonly maxBodyBytes = 8 * 1024 * 1024,
  ) {}

  /** a whole buffer of at least `size` bytes (the smallest pooled one that is big enough), to be filled bit by bit */
  take(size: number): Buffer {
    return this.find(size) ?? this.fresh(size);
  }

  private find(size: number): Buffer | undefined {
    let best = -1;
    for (let k = 0; k < this.free.length; k++) {
      const len = this.free[k]!.length;
      if (len >= size && (best < 0 || len < this.free[best]!.length)) best = k;
    }
    if (best < 0) {
      // every free body is too small for bulks of this size: the smallest makes room for a bigger one
      if (this.free.length > 0) this.dropSmallest();
      return undefined;
    }
    const b = this.free[best]!;
    this.free[best] = this.free[this.free.length - 1]!;
    this.free.pop();
    return b;
  }

  private fresh(size: number): Buffer {
    const b = Buffer.allocUnsafeSlow(size);
    this.owned.add(b.buffer);
    return b;
  }

  /** give back a body from `take` once nothing reads it any more */
  give(body: Buffer): void {
    if (!this.owned.has(body.buffer) || body.byteOffset !== 0 || body.buffer.byteLength > this.maxBodyBytes) return;
    if (this.free.length >= this.maxFree) return;
    this.free.push(Buffer.from(body.buffer, 0, body.buffer.byteLength));
  }

  private dropSmallest(): void {
    let s = 0;
    for (let k = 1; k < this.free.length; k++) if (this.free[k]!.length < this.free[s]!.length) s = k;
    this.free[s] = this.free[this.free.length - 1]!;
    this.free.pop();
  }
}
