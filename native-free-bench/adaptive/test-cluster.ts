// The project's test cluster, loaded lazily: the adaptive bench falls back to the simulation
// while fixtures/cluster/index.ts is not there.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface TestClusterHandle {
  url: string;
  state: { writePool?: unknown };
  /** the fault knobs (fixtures/cluster/faults.ts); absent from the simulation fallback */
  faults?: {
    latencyMs: number;
    failRate(opts: { status: 500 | 502 | 503 | 429; fraction: number; routes?: RegExp }): void;
    restart(downMs: number): Promise<void>;
    restartOn(opts: { routes: RegExp; nth: number; downMs: number }): void;
    reset(): void;
  };
  seedCorpus(index: string, count: number): Promise<void>;
  close(): Promise<void>;
}

export interface TestClusterModule {
  startTestCluster(opts: {
    version: string;
    writePool?: { threads?: number; queueSize?: number; docsPerSecond?: number };
  }): Promise<TestClusterHandle>;
}

const here = dirname(fileURLToPath(import.meta.url));
const ext = import.meta.url.endsWith('.js') ? 'js' : 'ts';
const entry = join(here, '..', '..', 'fixtures', 'cluster', `index.${ext}`);

export function testClusterAvailable(): boolean {
  return existsSync(entry);
}

export async function loadTestCluster(): Promise<TestClusterModule> {
  const mod = (await import(pathToFileURL(entry).href)) as Partial<TestClusterModule>;
  if (typeof mod.startTestCluster !== 'function') throw new Error(`${entry} does not export startTestCluster`);
  return mod as TestClusterModule;
}
