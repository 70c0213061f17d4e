// Large (~20 KB) article-like documents: long text, nested sections, numeric arrays, unicode.
// Deterministic from the index name like the small corpus.
import { seededRandom } from './rng.js';

const words = ('the of and to in is was for on that with as by at from his her an were which this are be had not ' +
  'they have one or all their there been has more when who will would no if out so said what up its about into ' +
  'than them can only other new some could time these two may then do first any my now such like our over man ' +
  'данные 検索 índice größe ñandú café naïve').split(' ');
const authors = ['ada', 'grace', 'linus', 'barbara', 'ken', 'dennis', 'margaret', 'edsger'];
const day = Date.parse('2026-11-01T00:00:00Z');

export function largeDocSource(index: string): () => string {
  const rnd = seededRandom(index);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  const text = (n: number) => Array.from({ length: n }, () => pick(words)).join(' ');
  return () => {
    const sections = Array.from({ length: 4 + Math.floor(rnd() * 4) }, (_, i) => ({
      heading: `${i + 1}. ${text(5)}`,
      text: text(500 + Math.floor(rnd() * 400)),
      refs: Array.from({ length: 5 }, () => Math.floor(rnd() * 1e6)),
    }));
    const doc = {
      created: new Date(day + Math.floor(rnd() * 86400000 * 30)).toISOString(),
      author: pick(authors),
      title: text(10),
      summary: text(60),
      tags: Array.from({ length: 8 }, () => pick(words)),
      score: Math.round(rnd() * 10000) / 100,
      sections,
      metrics: Array.from({ length: 100 }, () => Math.round(rnd() * 1e6) / 1e3),
      meta: { lang: pick(['en', 'de', 'ja', 'ru']), draft: rnd() < 0.1, revision: Math.floor(rnd() * 50) },
    };
    return JSON.stringify(doc);
  };
}
