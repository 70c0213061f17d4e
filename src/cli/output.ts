// Everything the CLI prints goes through here: results to stdout, messages to stderr, and every
// line through the Redactor so no password or API key can reach a terminal or a log file.
import { Redactor } from '../report/redact.js';

export class Output {
  readonly redactor = new Redactor();
  quiet = false;
  /** --json on copy/run: every stderr line is a JSON object ({"event": "info"|"warning"|"error"|..., ...}) */
  jsonLines = false;

  constructor(
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  /** command results (tables, JSON) — always printed, even with --quiet */
  result(text: string): void {
    this.stdout.write(this.redactor.redact(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** informational messages on stderr; silenced by --quiet */
  info(text: string): void {
    if (this.quiet) return;
    if (this.jsonLines) this.event({ event: 'info', message: text });
    else this.stderr.write(this.redactor.redact(`${text}\n`));
  }

  /** warnings and errors on stderr; never silenced */
  warn(text: string): void {
    if (this.jsonLines) this.event({ event: 'warning', message: text }, true);
    else this.stderr.write(this.redactor.redact(`${text}\n`));
  }

  /** the final one-line error: "esferry: <problem>" */
  error(text: string): void {
    if (this.jsonLines) this.event({ event: 'error', message: text }, true);
    else this.stderr.write(this.redactor.redact(`esferry: ${text}\n`));
  }

  /** one JSON line on stderr (progress events of --json); silenced by --quiet unless `always` */
  event(e: Record<string, unknown>, always = false): void {
    if (this.quiet && !always) return;
    this.stderr.write(`${this.redactor.redact(JSON.stringify(e))}\n`);
  }

  get errStream(): NodeJS.WritableStream {
    return this.stderr;
  }
}
