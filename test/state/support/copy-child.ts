// Child process of the crash test: copies the given indices with a state file, checkpointing every
// acknowledgement, until the parent kills it with SIGKILL. Usage:
//   node --import tsx copy-child.ts SOURCE_URL DEST_URL STATE_FILE index1,index2,...
import { copy } from '../../../src/engine/copy.js';
import { FileStateStore } from '../../../src/state/file-store.js';
import { runWithState } from '../../../src/state/run-with-state.js';
import { COPY_TUNING } from './tuning.js';

const [source, dest, stateFile, list] = process.argv.slice(2) as [string, string, string, string];
const result = await runWithState({
  copy,
  store: new FileStateStore(stateFile),
  options: { source: { nodes: source }, dest: { nodes: dest }, sourceIndex: list, ...COPY_TUNING },
  indices: list.split(','),
  checkpointIntervalMs: 0,
});
process.stdout.write(JSON.stringify({ outcome: result.outcome }) + '\n');
