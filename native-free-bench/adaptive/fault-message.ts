// The fault knobs of a test cluster running in a child process, as one stdin JSON line
// {"faults": FaultMessage}; applied in the order of the fields below.
export interface FaultMessage {
  /** clears latency, fail rates and armed restarts first */
  reset?: boolean;
  latencyMs?: number;
  /** `routes` is a RegExp source matched against "METHOD /path" */
  failRate?: { status: 500 | 502 | 503 | 429; fraction: number; routes?: string };
  /** restart while answering the nth request matching `routes` (a RegExp source) from now */
  restartOn?: { routes: string; nth: number; downMs: number };
  restartNow?: { downMs: number };
}
