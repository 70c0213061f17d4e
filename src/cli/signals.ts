// SIGINT/SIGTERM during a run: the first signal cancels cleanly (reading stops at once, only the
// bulks already sent finish — cut after 3 s — and destination settings are restored);
// a second one exits at once after printing the commands that restore what is still tuned.

// (the cancel itself, shared with the library's AbortSignal, is fastCancel in src/workflow/migrate.ts)

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
