// Small (~600 B) nginx-like log documents, byte for byte the shape and sequence of
// ../shared/corpus/gen-logs.mjs for the same index name.
import { seededRandom } from './rng.js';

const paths = ['/', '/search', '/api/v1/items', '/api/v1/users/42', '/static/app.js', '/login', '/cart', '/checkout'];
const agents = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  'curl/8.4.0', 'Googlebot/2.1 (+http://www.google.com/bot.html)'];
const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua 日本語 русский'.split(' ');
const day = Date.parse('2026-11-01T00:00:00Z');

/** Returns a function giving the JSON source of the next document each call. */
export function smallLogSource(index: string): () => string {
  const rnd = seededRandom(index);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  return () => {
    const ts = new Date(day + Math.floor(rnd() * 86400000)).toISOString();
    const doc = {
      '@timestamp': ts, host: `web-${Math.floor(rnd() * 20)}`, method: pick(['GET', 'GET', 'GET', 'POST', 'PUT']),
      path: pick(paths), status: pick([200, 200, 200, 200, 301, 404, 500]), bytes: Math.floor(rnd() * 50000),
      took_ms: Math.round(rnd() * 1000) / 10, agent: pick(agents), client_ip: `10.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}`,
      message: Array.from({ length: 20 + Math.floor(rnd() * 40) }, () => pick(words)).join(' '),
      tags: [pick(['prod', 'stg']), pick(['a', 'b', 'c'])], geo: { country: pick(['JP', 'RU', 'US', 'DE']), lat: rnd() * 180 - 90, lon: rnd() * 360 - 180 },
    };
    return JSON.stringify(doc);
  };
}
