// Bounds the documents and bytes between the reader and the destination's acknowledgement.
// The reader waits here when the destination is slow, so memory stays flat whatever the speed
// difference. High-water marks are kept so tests can prove the bound held.

export interface InFlightLimits {
  maxDocs: number;
  maxBytes: number;
  /**
   * Low-water marks: once the reader had to wait, it resumes only when the docs and bytes in
   * flight fell to these (default: the maxima). Refilling a whole bulk's worth at once keeps
   * bulks full under back-pressure instead of letting documents in one by one as each settles.
   */
  resumeDocs?: number;
  resumeBytes?: number;
}

export class InFlightBudget {
  docs = 0;
  bytes = 0;
  maxDocsSeen = 0;
  maxBytesSeen = 0;
  private waiters: Array<{ bytes: number; resolve: () => void; reject: (e: Error) => void }> = [];

  constructor(readonly limits: InFlightLimits) {}

  /** would one more doc of `bytes` fit now (a doc bigger than the whole bound fits when nothing is in flight) */
  fits(bytes: number): boolean {
    if (this.docs === 0) return true;
    return this.docs + 1 <= this.limits.maxDocs && this.bytes + bytes <= this.limits.maxBytes;
  }

  /** take room for one doc if it fits now without waiting (the hot path: no promise per doc) */
  tryAcquire(bytes: number): boolean {
    if (this.waiters.length > 0 || !this.fits(bytes)) return false;
    this.take(bytes);
    return true;
  }

  /** take room for one doc, waiting until it fits; rejects when `signal` aborts meanwhile */
  async acquire(bytes: number, signal?: AbortSignal): Promise<void> {
    if (this.waiters.length === 0 && this.fits(bytes)) return this.take(bytes);
    if (signal?.aborted) throw new Error('in-flight wait aborted');
    await new Promise<void>((resolve, reject) => {
      const waiter = { bytes, resolve: () => { signal?.removeEventListener('abort', onAbort); resolve(); }, reject };
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(new Error('in-flight wait aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** true while a reader waits for room (the writers must not sit idle on a partial bulk then) */
  get waiting(): boolean {
    return this.waiters.length > 0;
  }

  release(bytes: number): void {
    this.docs--;
    this.bytes -= bytes;
    if (this.waiters.length === 0 || !this.belowLowWater()) return;
    while (this.waiters.length > 0 && this.fits(this.waiters[0]!.bytes)) {
      const w = this.waiters.shift()!;
      this.take(w.bytes);
      w.resolve();
    }
  }

  private belowLowWater(): boolean {
    if (this.docs === 0) return true;
    const { maxDocs, maxBytes, resumeDocs = maxDocs, resumeBytes = maxBytes } = this.limits;
    return this.docs <= resumeDocs && this.bytes <= resumeBytes;
  }

  private take(bytes: number): void {
    this.docs++;
    this.bytes += bytes;
    if (this.docs > this.maxDocsSeen) this.maxDocsSeen = this.docs;
    if (this.bytes > this.maxBytesSeen) this.maxBytesSeen = this.bytes;
  }
}
