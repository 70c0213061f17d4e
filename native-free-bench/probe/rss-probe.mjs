// Preloaded into every contender process (node --import): at exit, writes the process's own
// peak RSS and CPU time to the file named by BENCH_PROBE_FILE. getrusage's maxRSS is the
// kernel's high-water mark, so nothing between two samples is missed.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    try {
      writeFileSync(file, JSON.stringify({ maxRssKB: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
    } catch {
      // the parent falls back to its /proc samples
    }
  });
}
