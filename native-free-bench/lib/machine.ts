// The machine line every result carries: results from different hosts are not comparable.
import { cpus } from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  node: string;
  date: string;
  command: string;
}

export function machineInfo(command: string): MachineInfo {
  const c = cpus();
  return {
    cores: c.length,
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    node: process.version,
    date: new Date().toISOString(),
    command,
  };
}

export function machineLine(m: MachineInfo): string {
  return `machine: cores=${m.cores} cpu="${m.cpuModel}" node=${m.node} date=${m.date} command="${m.command}"`;
}
