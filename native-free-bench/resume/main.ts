// Resume-cost bench: npm run bench:resume -- [--docs 1000000] [--versions 2.4,5.6,6.8,7.17,opensearch-2.11.1] [--dest 7.17]
//   [--shards 4] [--page-size 1000] [--seed resume] [--readme]
// kill -9 of `esferry copy --state` at a random point, `--resume`, documents written twice per source version.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, resultsDir } from '../lib/paths.js';
import { withMarkedSection } from '../report/readme-section.js';
import { runResumeBench } from './run.js';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000000' },
    versions: { type: 'string', default: '2.4,5.6,6.8,7.17,opensearch-2.11.1' },
    dest: { type: 'string', default: '7.17' },
    shards: { type: 'string', default: '4' },
    'page-size': { type: 'string', default: '1000' },
    seed: { type: 'string', default: 'resume' },
    readme: { type: 'boolean', default: false },
  },
});
const docs = Number(values.docs);
const shards = Number(values.shards);
const pageSize = Number(values['page-size']);
for (const [name, n] of [['--docs', docs], ['--shards', shards], ['--page-size', pageSize]] as const) {
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench:resume: ${name} must be a whole number above 0\n`);
    process.exit(2);
  }
}
const o = { docs, shards, pageSize, versions: values.versions.split(',').filter(Boolean), dest: values.dest, seed: values.seed, log: (l: string) => process.stderr.write(`${l}\n`) };
const { markdown } = await runResumeBench(o);
process.stdout.write(`${markdown}\n`);
await mkdir(resultsDir, { recursive: true });
await writeFile(join(resultsDir, 'resume.md'), `## Resume cost\n\n${markdown}\n`);
if (values.readme) {
  const readmePath = join(repoRoot, 'README.md');
  const command = `npm run bench:resume -- --docs ${docs} --versions ${o.versions.join(',')} --seed ${o.seed}`;
  await writeFile(readmePath, withMarkedSection(await readFile(readmePath, 'utf8'), 'resume-bench', `Produced by \`${command}\`.\n\n${markdown}`));
}
