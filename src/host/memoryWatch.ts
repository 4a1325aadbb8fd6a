// The whole-process memory cap. --max-old-space-size caps only the V8 heap; ArrayBuffers,
// WebAssembly memory and native allocations live outside it, and learner code can fill them at
// gigabytes a second. So the host samples the trainer's resident memory (from outside: a blocked
// trainer cannot report it) and ends the trainer once it passes the limit.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** /proc/<pid>/status on Linux (a file read); `ps` elsewhere on Unix (a process per sample). */
export type RssSource = 'proc' | 'ps';

export interface MemoryWatchSupport {
  on: boolean;
  reason: string;
  source?: RssSource;
}

const INTERVAL_MS: Record<RssSource, number> = { proc: 100, ps: 200 };

export function memoryWatchSupport(platform: NodeJS.Platform = process.platform): MemoryWatchSupport {
  if (platform === 'linux') return { on: true, source: 'proc', reason: `resident memory read from /proc every ${INTERVAL_MS.proc} ms` };
  if (platform === 'win32') return { on: false, reason: "Windows has no cheap way to read another process's memory without a native helper" };
  return { on: true, source: 'ps', reason: `resident memory read with ps every ${INTERVAL_MS.ps} ms` };
}

/** Resident memory of `pid` in MB, or undefined when it is gone. */
export async function residentMb(pid: number, source: RssSource): Promise<number | undefined> {
  try {
    if (source === 'proc') {
      // Read at once: procfs answers from memory, and the asynchronous read (open, stat, read and
      // close through the thread pool) cost the editor's extension host 0.75 ms a sample, 20 a second in a sweep.
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kb === undefined ? undefined : Number(kb) / 1024;
    }
    const out = await new Promise<string>((resolve, reject) => execFile('ps', ['-o', 'rss=', '-p', String(pid)], (error, stdout) => (error ? reject(error) : resolve(stdout))));
    return out.trim() ? Number(out.trim()) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `onExceeded` once, when the resident memory of `pid` passes `limitMb`; returns the stop.
 * Does nothing where the watch is off.
 */
export function watchMemory(pid: number, limitMb: number, onExceeded: (rssMb: number) => void, source = memoryWatchSupport().source): () => void {
  if (!source) return () => undefined;
  let stopped = false;
  let sampling = false;
  const timer = setInterval(() => {
    if (sampling) return;
    sampling = true;
    void residentMb(pid, source).then((rss) => {
      sampling = false;
      if (stopped || rss === undefined || rss <= limitMb) return;
      stop();
      onExceeded(rss);
    });
  }, INTERVAL_MS[source]);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}
