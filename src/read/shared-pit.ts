// One point in time shared by the slices of a sliced PIT read: slices only partition the same
// snapshot when they all search the same PIT (where a PIT can be sliced: `dialect.supportsSlicedPit`).
import type { EsferryDialect, Transport } from '../cluster/types.js';

export class SharedPit {
  private opening: Promise<string> | undefined;
  private readonly ids = new Set<string>();
  /** which PIT `id()` answers: a reopen makes the next one */
  generation = 0;

  constructor(
    private readonly transport: Transport,
    private readonly dialect: EsferryDialect,
    private readonly index: string,
    private readonly keepAlive: string,
    /**
     * slices are whole shards (max <= shards): each is the same documents on any PIT of the index, so
     * a slice may continue on a new PIT from its own sort position; finer slices split shards anew
     */
    readonly wholeShards: boolean,
    private readonly log?: (line: string) => void,
  ) {}

  /** the PIT id, opened on first use */
  id(signal: AbortSignal): Promise<string> {
    this.opening ??= this.open(signal);
    return this.opening;
  }

  /**
   * the PIT of `generation` is gone (keep-alive, node restart): one new PIT for every slice, opened by
   * the first slice that asks; the others get the same one
   */
  reopen(generation: number, signal: AbortSignal): Promise<string> {
    if (generation === this.generation || !this.opening) {
      this.generation++;
      this.opening = this.open(signal);
    }
    return this.opening;
  }

  private open(signal: AbortSignal): Promise<string> {
    return this.transport.request({ ...this.dialect.openPit(this.index, this.keepAlive), signal }).then((res) => {
      const id = this.dialect.pitId(res.body);
      this.ids.add(id);
      return id;
    });
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

