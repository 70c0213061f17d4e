// Only the coordinated-workers bench: node --import tsx native-free-bench/coordinate/main.ts [indices] [docsPerIndex]
import { runCoordinatedBench } from './run.js';

const [indices = '12', docs = '20000'] = process.argv.slice(2);
const md = await runCoordinatedBench({ indices: Number(indices), docsPerIndex: Number(docs), workers: [1, 2, 4], log: (l) => process.stderr.write(`${l}\n`) });
process.stdout.write(`${md}\n`);
