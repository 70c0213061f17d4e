import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBenchSection } from '../../native-free-bench/report/readme-section.js';

const results = '# esferry bench results\n\nintro\n\n## Peers\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';

test('the bench replaces only the section between the README markers, with the command that made it', () => {
  const readme = 'top\n## Benchmarks\n\n<!-- bench:start -->\nold table\n<!-- bench:end -->\n\n## Next\n';
  const out = withBenchSection(readme, results, 'npm run bench');
  assert.match(out, /^top\n## Benchmarks\n\n<!-- bench:start -->\nProduced by `npm run bench`/);
  assert.match(out, /### Peers\n\n\| a \| b \|/);
  assert.doesNotMatch(out, /old table|# esferry bench results/);
  assert.match(out, /<!-- bench:end -->\n\n## Next\n$/);
  assert.equal(withBenchSection(out, results, 'npm run bench'), out, 'running twice changes nothing');
});

test('a README without the markers is an error, not a silent append', () => {
  assert.throws(() => withBenchSection('no markers here', results, 'npm run bench'), /markers/);
});
