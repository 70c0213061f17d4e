// The machine line every result carries: results from different hosts are not comparable.
import { cpus, loadavg } from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  node: string;
  date: string;
  command: string;
  /** 1-minute load average when the bench started and ended: other work on the host skews results */
  loadStart: number;
  loadEnd?: number;
}

export function machineInfo(command: string): MachineInfo {
  const c = cpus();
  return {
    cores: c.length,
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    node: process.version,
    date: new Date().toISOString(),
    command,
    loadStart: loadavg()[0]!,
  };
}

export function machineLine(m: MachineInfo): string {
  return `machine: cores=${m.cores} cpu="${m.cpuModel}" node=${m.node} date=${m.date} command="${m.command}" load1=${m.loadStart.toFixed(1)}→${m.loadEnd?.toFixed(1) ?? '?'}`;
}
