// Standalone: node --import tsx native-free-bench/micro/main.ts — prints the micro table.
import { runMicroBenches } from './run-micro.js';

for (const r of await runMicroBenches()) {
  process.stdout.write(`${r.suite.padEnd(34)} ${r.name.padEnd(50)} ${Math.round(r.opsPerSec).toString().padStart(8)} ops/s ${r.mbPerSec ? r.mbPerSec.toFixed(1).padStart(8) + ' MB/s' : ''} ±${r.rme.toFixed(1)}%\n`);
}
