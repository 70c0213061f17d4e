// One point in time shared by the slices of a sliced PIT read: slices only partition the same
// snapshot when they all search the same PIT (where a PIT can be sliced: `dialect.supportsSlicedPit`).
import type { EsferryDialect, Transport } from '../cluster/types.js';

export class SharedPit {
  private opening: Promise<string> | undefined;
  private readonly ids = new Set<string>();

  constructor(
    private readonly transport: Transport,
    private readonly dialect: EsferryDialect,
    private readonly index: string,
    private readonly keepAlive: string,
    private readonly log?: (line: string) => void,
  ) {}

  /** the PIT id, opened on first use */
  id(signal: AbortSignal): Promise<string> {
    this.opening ??= this.transport.request({ ...this.dialect.openPit(this.index, this.keepAlive), signal }).then((res) => {
      const id = this.dialect.pitId(res.body);
      this.ids.add(id);
      return id;
    });
    return this.opening;
  }

  /** a search answered with a (possibly new) id: remember it so close() frees it too */
  seen(id: string): void {
    this.ids.add(id);
  }

  async close(): Promise<void> {
    const ids = [...this.ids];
    this.ids.clear();
    await Promise.all(
      ids.map((id) =>
        this.transport.request(this.dialect.closePit(id)).catch((err: unknown) => {
          this.log?.(`could not close the point in time on ${this.index}: ${(err as Error).message}`);
        }),
      ),
    );
  }
}

