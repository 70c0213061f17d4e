// What an embedder's logger receives: levelled events with structured fields, not printed lines.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Fields that come with a log event (all optional; more may be added). */
export interface LogFields {
  /** source index the event is about, when it is about one */
  index?: string;
  /** destination index, when known */
  destIndex?: string;
  /** what happened: 'index-started', 'index-finished', 'engine', 'workflow', 'cancel' */
  event?: string;
  /** for index-finished: copied, skipped, failed, cancelled */
  status?: string;
  [key: string]: unknown;
}

/**
 * A logger in the shape pino, winston, bunyan and `console` share: one method per level, a
 * message and the fields. esferry never prints when given one.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** One log event as the handle's `logEvent` event carries it. */
export interface LogEvent {
  level: LogLevel;
  message: string;
  fields: LogFields;
}
