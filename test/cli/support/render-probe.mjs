// Preloaded into a CLI child (node --import): counts text-width measurements (string-width, used by
// yargs' help layout and cli-progress, segments text with Intl.Segmenter), the segmenters built (a
// string-width module builds one when it is initialised) and lists the CommonJS packages loaded,
// written as JSON to $ESFERRY_PROBE_OUT when the process exits.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let segmentCalls = 0;
let segmenters = 0;
const segment = Intl.Segmenter.prototype.segment;
Intl.Segmenter.prototype.segment = function (...args) {
  segmentCalls++;
  return segment.apply(this, args);
};
Intl.Segmenter = class extends Intl.Segmenter {
  constructor(...args) {
    super(...args);
    segmenters++;
  }
};
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const packages = [...new Set(Object.keys(cache).map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean))];
  writeFileSync(process.env.ESFERRY_PROBE_OUT, JSON.stringify({ segmentCalls, segmenters, packages }));
});
