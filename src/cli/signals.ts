// SIGINT/SIGTERM during a run: the first signal cancels cleanly (reading stops at once, only the
// bulks already sent finish — cut after CANCEL_GRACE_MS — and destination settings are restored);
// a second one exits at once after printing the commands that restore what is still tuned.

/** after the first signal, bulks still on the wire this long are aborted (containers allow ~10 s) */
export const CANCEL_GRACE_MS = 3000;
/** after the first signal, each settings restore waits this long at most (a hung destination keeps the saved originals for the next run) */
export const RESTORE_TIMEOUT_AFTER_SIGNAL_MS = 3000;

export class SignalGuard {
  private count = 0;
  private readonly handler = (sig: NodeJS.Signals) => this.onSignal(sig);
  received: NodeJS.Signals | undefined;

  constructor(
    private readonly onFirst: (sig: NodeJS.Signals) => void,
    private readonly onSecond: (sig: NodeJS.Signals) => void,
  ) {}

  install(): this {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
    return this;
  }

  uninstall(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }

  private onSignal(sig: NodeJS.Signals): void {
    this.count++;
    this.received ??= sig;
    if (this.count === 1) this.onFirst(sig);
    else this.onSecond(sig);
  }
}
