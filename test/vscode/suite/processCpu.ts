// CPU seconds of the editor's processes against the sweep workers' (Linux: /proc), for the sweep
// timing output. Wall-clock ratios are noisy on a shared machine; CPU seconds are not: what the
// editor burns during a sweep is what the workers cannot have on a machine whose cores they fill.
//
// The editor is every process of this e2e run (code-server, its extension host, Chromium's
// browser, renderer, GPU and utility processes: all carry $DLX_E2E_RUN_ID) except the trainers.
// Under @vscode/test-electron there is no run id, and only this extension host counts.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';

/** Linux's USER_HZ: /proc's times are in these ticks (100 on every mainstream kernel build). */
const TICKS_PER_SECOND = 100;

type ProcessTimes = { kind: string; ticks: number; reapedChildTicks: number };
export type CpuSnapshot = { at: number; processes: Map<number, ProcessTimes> };

/** /proc/<pid>/stat from the state on (index 0: state, 1: ppid, 11-14: utime, stime, cutime, cstime); undefined when gone. */
export function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function kindOf(pid: number): string | undefined {
  let commandLine: string;
  try {
    // Chromium's child processes rewrite their title: one string with spaces, not NUL-separated args.
    commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
  if (/trainer\.js(\s|$)/.test(commandLine)) return undefined;
  if (pid === process.pid) return 'ext host';
  if (!/chrom/i.test(commandLine.split(' ')[0])) return 'server';
  const type = /--type=(\S+)/.exec(commandLine)?.[1];
  return type === 'gpu-process' ? 'gpu' : type ?? 'browser';
}

/**
 * This run's processes: those that carry its run id, and their descendants (Chromium's zygote
 * starts the renderers and the GPU process with an empty environment).
 */
function editorPids(): number[] {
  if (!fs.existsSync('/proc/self/stat')) return [];
  const runId = process.env.DLX_E2E_RUN_ID;
  if (!runId) return [process.pid];
  const needle = Buffer.from(`DLX_E2E_RUN_ID=${runId}\0`);
  const parentOf = new Map<number, number>();
  const ours = new Set<number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const fields = statFields(pid);
    if (fields) parentOf.set(pid, Number(fields[1]));
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`).includes(needle)) ours.add(pid);
    } catch {
      // gone meanwhile, or not ours
    }
  }
  const isOurs = (pid: number, depth = 0): boolean => ours.has(pid) || (depth < 16 && parentOf.has(pid) && pid > 1 && isOurs(parentOf.get(pid)!, depth + 1));
  return [...parentOf.keys()].filter((pid) => isOurs(pid));
}

export function cpuSnapshot(): CpuSnapshot {
  const processes = new Map<number, ProcessTimes>();
  for (const pid of editorPids()) {
    const kind = kindOf(pid);
    const fields = kind && statFields(pid);
    // After the state (index 0): utime 11, stime 12, cutime 13, cstime 14 (proc(5), fields 14-17).
    if (kind && fields) processes.set(pid, { kind, ticks: Number(fields[11]) + Number(fields[12]), reapedChildTicks: Number(fields[13]) + Number(fields[14]) });
  }
  return { at: Date.now(), processes };
}

export type CpuUse = { wallSeconds: number; editorSeconds: number; byKind: Record<string, number>; workerSeconds: number };

/**
 * The CPU used between two snapshots. A process that appeared meanwhile counts from zero; one that
 * ended meanwhile is lost (the editor's processes live through a sweep). The workers are children
 * of this extension host: once they are reaped, their CPU is in its cutime/cstime, so `reaped` is a
 * snapshot taken after they exited (the editor's time ends at `after`).
 */
export function cpuUsed(before: CpuSnapshot, after: CpuSnapshot, reaped = after): CpuUse {
  const byKind: Record<string, number> = {};
  for (const [pid, now] of after.processes) {
    const seconds = (now.ticks - (before.processes.get(pid)?.ticks ?? 0)) / TICKS_PER_SECOND;
    byKind[now.kind] = (byKind[now.kind] ?? 0) + seconds;
  }
  const self = (snapshot: CpuSnapshot) => snapshot.processes.get(process.pid)?.reapedChildTicks ?? 0;
  return {
    wallSeconds: (after.at - before.at) / 1000,
    editorSeconds: Object.values(byKind).reduce((sum, s) => sum + s, 0),
    byKind,
    workerSeconds: (self(reaped) - self(before)) / TICKS_PER_SECOND,
  };
}

/** CPU seconds of this extension host's children reaped between two snapshots (a `dlx sweep` and its workers). */
export function childSeconds(before: CpuSnapshot, after: CpuSnapshot): number {
  return cpuUsed(before, after).workerSeconds;
}

export function describeCpu(use: CpuUse): string {
  const kinds = Object.entries(use.byKind).sort((a, b) => b[1] - a[1]).map(([kind, s]) => `${kind} ${s.toFixed(1)}`).join(', ');
  const share = use.editorSeconds / (use.editorSeconds + use.workerSeconds || 1);
  return `editor CPU ${use.editorSeconds.toFixed(1)} s (${kinds}) = ${(use.editorSeconds / use.wallSeconds).toFixed(2)} core, workers ${use.workerSeconds.toFixed(1)} s, editor share ${(share * 100).toFixed(1)} %`;
}

/** test/e2e/dlx-on-page.mjs's `pageMetricsStop`: the workbench renderer's counters over the sweep. */
export type PageMetrics = { taskSeconds: number; scriptSeconds: number; styleSeconds: number; layoutSeconds: number; layouts: number; styleRecalcs: number };

/**
 * A CPU profile of this extension host (DLX_E2E_PROFILE=1), through its own inspector: the
 * returned function stops it and writes it to `file` (open it like the workbench's).
 */
export function startHostProfile(): (file: string) => Promise<void> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  const started = post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 500 })).then(() => post('Profiler.start'));
  return async (file) => {
    await started;
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * Follows one process's own CPU (not its children's) until it ends: `dlx sweep`'s parent, to set
 * against the extension host, which does the same pool work in the editor. Sampled every
 * `everyMs`, so up to that much of its last stretch is missed.
 */
export function followCpu(pid: number, everyMs = 50): { stop(): number } {
  let last = 0;
  const sample = () => {
    const fields = statFields(pid);
    if (fields) last = Number(fields[11]) + Number(fields[12]);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return last / TICKS_PER_SECOND;
    },
  };
}
