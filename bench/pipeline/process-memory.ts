import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now (VmRSS), MiB. */
  rssMb: number;
  /** Peak resident set size since the process started (VmHWM), MiB. */
  peakMb: number;
}

/** Reads /proc/<pid>/status; null once the process is gone. */
export function readProcessMemory(pid: number): ProcessMemory | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kib('VmRSS') / 1024, peakMb: kib('VmHWM') / 1024 };
}

/** Samples the memory of processes on a timer; keeps the largest RSS seen and the last peak (VmHWM). */
export class MemorySampler {
  private readonly largest = new Map<number, ProcessMemory>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pids: () => number[]) {}

  start(intervalMs = 250): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    return this;
  }

  /** Stops sampling and returns the largest RSS and peak over the sampled processes. */
  stop(): ProcessMemory {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const all = [...this.largest.values()];
    return {
      rssMb: Math.max(0, ...all.map((m) => m.rssMb)),
      peakMb: Math.max(0, ...all.map((m) => m.peakMb)),
    };
  }

  private sample(): void {
    for (const pid of this.pids()) {
      const now = readProcessMemory(pid);
      if (!now) continue;
      const before = this.largest.get(pid);
      this.largest.set(pid, {
        rssMb: Math.max(now.rssMb, before?.rssMb ?? 0),
        peakMb: Math.max(now.peakMb, before?.peakMb ?? 0),
      });
    }
  }
}
