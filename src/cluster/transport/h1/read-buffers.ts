// The buffers one connection reads into. A socket read lands in a buffer of this set instead of
// a fresh allocation per read, and the buffer comes back once every view of it handed to the
// response's consumer is released. The connection pauses its socket while the consumer holds
// `maxHeld` buffers, so a connection owns at most maxHeld + 1 of them.
const READ_BUFFER_BYTES = 64 * 1024;

export class ReadBuffers {
  private readonly free: Buffer[] = [];
  private readonly views = new Map<ArrayBufferLike, number>();
  /** set in tests: released buffers are overwritten, so a view used after release shows */
  static poison = process.env.ESFERRY_POISON_READ_BUFFERS === '1';
  /** buffers allocated by every connection so far (tests check the bound) */
  static allocated = 0;

  constructor(readonly maxHeld = 2) {}

  /** the buffer the next socket read fills */
  next(): Buffer {
    const free = this.free.pop();
    if (free) return free;
    ReadBuffers.allocated++;
    return Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
  }

  /** after a read: the buffer is free again unless a view of it was handed on */
  afterRead(buf: Buffer): void {
    if (!this.views.has(buf.buffer)) this.give(buf);
  }

  hold(view: Buffer): void {
    this.views.set(view.buffer, (this.views.get(view.buffer) ?? 0) + 1);
  }

  release(view: Buffer): void {
    const n = this.views.get(view.buffer);
    if (n === undefined) return;
    if (n > 1) {
      this.views.set(view.buffer, n - 1);
      return;
    }
    this.views.delete(view.buffer);
    this.give(Buffer.from(view.buffer, 0, READ_BUFFER_BYTES));
  }

  /** buffers holding views the consumer has not released */
  get held(): number {
    return this.views.size;
  }

  private give(buf: Buffer): void {
    if (ReadBuffers.poison) buf.fill(0x23);
    this.free.push(buf);
  }
}
