// Child process of the crash tests: copies the given indices remembering progress in a state file
// (`file:PATH`) or a state index on the destination (`index:NAME`), checkpointing every acknowledgement, until
// the parent kills it with SIGKILL. Usage:
//   node --import tsx copy-child.ts SOURCE_URL DEST_URL STATE_SPEC index1,index2,... TUNING_JSON
import { connect } from '../../../src/cluster/connect.js';
import { copy } from '../../../src/engine/copy.js';
import { FileStateStore } from '../../../src/state/file-store.js';
import { IndexStateStore } from '../../../src/state/index-store.js';
import { runWithState } from '../../../src/state/run-with-state.js';
import type { StateStore } from '../../../src/state/store.js';

const [source, dest, spec, list, tuning] = process.argv.slice(2) as [string, string, string, string, string];
const [kind, name] = [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)];
let store: StateStore;
if (kind === 'index') {
  const d = await connect({ nodes: dest });
  store = new IndexStateStore(d.transport, d.dialect, name, { owner: 'host-a' });
} else {
  store = new FileStateStore(name);
}
const result = await runWithState({
  copy,
  store,
  options: { source: { nodes: source }, dest: { nodes: dest }, sourceIndex: list, ...(JSON.parse(tuning) as object) },
  indices: list.split(','),
  checkpointIntervalMs: 0,
  owner: 'host-a',
});
process.stdout.write(JSON.stringify({ outcome: result.outcome }) + '\n');
process.exit(0);
