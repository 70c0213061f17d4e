// Everything the CLI prints goes through here: results to stdout, messages to stderr, and every
// line through the Redactor so no password or API key can reach a terminal or a log file.
import { Redactor } from '../report/redact.js';

export class Output {
  readonly redactor = new Redactor();
  quiet = false;

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
    if (!this.quiet) this.stderr.write(this.redactor.redact(`${text}\n`));
  }

  /** warnings and errors on stderr; never silenced */
  warn(text: string): void {
    this.stderr.write(this.redactor.redact(`${text}\n`));
  }

  /** the final one-line error: "esferry: <problem>" */
  error(text: string): void {
    this.stderr.write(this.redactor.redact(`esferry: ${text}\n`));
  }

  get errStream(): NodeJS.WritableStream {
    return this.stderr;
  }
}
