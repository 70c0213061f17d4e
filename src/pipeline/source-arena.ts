// Reused memory for the `_source` bytes of hits a reader holds while it waits (for in-flight room,
// for an async transform). Hits point into the network chunk they arrived in; a chunk kept alive
// across such a wait is promoted out of V8's young generation, and promoted Buffers are only freed
// by a full GC, which V8 starts after ~64 MB of them piled up. Copying the waiting sources into
// slabs that are recycled once the writer took their documents (it copies them into bulk bodies)
// lets the chunks die young and keeps the waiting bytes in the same few slabs.

export interface Slab {
  readonly buf: Buffer;
  used: number;
  refs: number;
}

export class SourceArena {
  private readonly free: Slab[] = [];
  private current: Slab | undefined;
  /** slabs allocated so far (tests and diagnostics) */
  allocated = 0;

  constructor(
    private readonly slabBytes = 256 * 1024,
    private readonly maxFree = 16,
  ) {}

  /** sources bigger than this keep their own memory (a big doc fills its chunk anyway) */
  get maxCopy(): number {
    return this.slabBytes >> 2;
  }

  /**
   * A copy of `src` in arena memory and the slab to release once the document settled, or
   * undefined when `src` is too big to be worth it (keep using it as is).
   */
  hold(src: Buffer): { bytes: Buffer; slab: Slab } | undefined {
    const len = src.length;
    if (len > this.maxCopy) return undefined;
    let slab = this.current;
    if (!slab || slab.used + len > slab.buf.length) slab = this.next();
    const at = slab.used;
    src.copy(slab.buf, at);
    slab.used = at + len;
    slab.refs++;
    return { bytes: slab.buf.subarray(at, at + len), slab };
  }

  /** the document whose source lives in `slab` settled */
  release(slab: Slab): void {
    if (--slab.refs === 0 && slab !== this.current) this.recycle(slab);
  }

  private next(): Slab {
    const old = this.current;
    const slab = this.free.pop() ?? this.fresh();
    this.current = slab;
    if (old && old.refs === 0) this.recycle(old);
    return slab;
  }

  private fresh(): Slab {
    this.allocated++;
    return { buf: Buffer.allocUnsafeSlow(this.slabBytes), used: 0, refs: 0 };
  }

  private recycle(slab: Slab): void {
    slab.used = 0;
    if (this.free.length < this.maxFree) this.free.push(slab);
  }
}
