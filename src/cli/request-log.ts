// --debug: one line per HTTP request — method, URL, status (or the network error) and milliseconds
// to the response headers — from the HTTP clients' diagnostics channels (esferry's own and
// undici's), so every request of every transport (the first GET / included) is seen. Request headers,
// bodies and URL credentials never appear: undici's origin has no user info, and each line goes
// through the redactor like all output.
import diagnostics from 'node:diagnostics_channel';
import type { Output } from './output.js';

interface UndiciRequest {
  origin?: string | URL;
  method?: string;
  path?: string;
}

export function logRequests(out: Output): () => void {
  const started = new WeakMap<object, number>();
  const line = (request: UndiciRequest, outcome: number | string) => {
    const t0 = started.get(request);
    const ms = t0 === undefined ? undefined : Math.round(performance.now() - t0);
    started.delete(request);
    let origin = String(request.origin ?? '');
    try {
      const u = new URL(origin);
      u.username = '';
      u.password = '';
      origin = u.origin;
    } catch {
      /* not a URL: shown as given */
    }
    const url = `${origin}${request.path ?? ''}`;
    if (out.jsonLines) out.event({ event: 'request', method: request.method, url, status: outcome, ms }, true);
    else out.warn(`debug: ${request.method} ${url} → ${outcome}${ms === undefined ? '' : ` in ${ms} ms`}`);
  };
  const onCreate = (m: unknown) => void started.set((m as { request: object }).request, performance.now());
  const onHeaders = (m: unknown) => {
    const { request, response } = m as { request: UndiciRequest; response: { statusCode: number } };
    line(request, response.statusCode);
  };
  const onError = (m: unknown) => {
    const { request, error } = m as { request: UndiciRequest; error: Error & { code?: string } };
    line(request, error.code ?? error.name);
  };
  // esferry's own HTTP/1 connections publish the same events as undici (used through a proxy)
  const subscriptions: Array<[string, (m: unknown) => void]> = [];
  for (const client of ['undici', 'esferry']) {
    subscriptions.push([`${client}:request:create`, onCreate], [`${client}:request:headers`, onHeaders], [`${client}:request:error`, onError]);
  }
  for (const [name, fn] of subscriptions) diagnostics.subscribe(name, fn);
  return () => {
    for (const [name, fn] of subscriptions) diagnostics.unsubscribe(name, fn);
  };
}
