// What one bench invocation measured; latest.json is this object.
import type { MachineInfo } from '../lib/machine.js';
import type { SharedSettings } from '../contenders/registry.js';

export interface RunSample {
  run: number;
  ok: boolean;
  wallMs: number;
  peakRssMB: number;
  cpuMs: number;
  /** documents a search on the destination sees after the run (must equal the corpus size) */
  docsInDest: number;
  summary?: Record<string, unknown>;
  error?: string;
}

export interface CorpusInfo {
  kind: 'small' | 'large';
  docs: number;
  sourceBytes: number;
  sourceVersion: string;
  destVersion: string;
}

export interface ContenderResult {
  contender: string;
  label: string;
  settings: string;
  corpus: CorpusInfo;
  samples: RunSample[];
  note?: string;
}

export interface MicroResult {
  suite: string;
  name: string;
  opsPerSec: number;
  rme: number;
  /** MB of input processed per second, when the case has a fixed input */
  mbPerSec?: number;
}

export interface BenchResults {
  machine: MachineInfo;
  shared: SharedSettings;
  peers: ContenderResult[];
  scaling: ContenderResult[];
  micro: MicroResult[];
  /** markdown section of the adaptive-concurrency bench, heading included */
  adaptive?: string;
  /** markdown section of the coordinated-workers bench, heading included */
  coordinated?: string;
  notes: string[];
}
