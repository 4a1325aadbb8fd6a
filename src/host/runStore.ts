// Run records and learner progress under the workspace's `.dlx/`: every finished or stopped run
// (settings, metrics per epoch, checks, the learner file's hash), written atomically so a crash
// or a reload never leaves a torn file.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PanelSnapshot } from '../shared/panelProtocol';
import type { SplitMetrics } from '../trainer/protocol';

export const STORE_DIR = '.dlx';

export interface RunRecord {
  version: 1;
  savedAt: number;
  /** sha256 of the learner file as it was trained. */
  learnerFileHash?: string;
  snapshot: PanelSnapshot;
}

/** The verdict of an exercise's latest run (a sweep for a sweep exercise). */
export type ExerciseState = 'passed' | 'failed' | 'error';

export interface ExerciseProgress {
  /** Passed at least once. */
  passed: boolean;
  /** The latest verdict (src/extension/exerciseStatus.ts); absent in files from before it was kept. */
  status?: ExerciseState;
  runs: number;
  lastRunAt: number;
  /** Best final metrics of a completed run: highest accuracy or r, lowest loss. */
  best?: SplitMetrics & { split: 'train' | 'test' };
}

export type Progress = Record<string, ExerciseProgress>;

/** Temp file in the same folder, then rename: readers see the old file or the new one, never half. */
export function writeJsonAtomic(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  fs.renameSync(temp, file);
}

export function hashFile(file: string): string | undefined {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

export class RunStore {
  constructor(readonly workspaceDir: string) {}

  private get runsDir(): string {
    return path.join(this.workspaceDir, STORE_DIR, 'runs');
  }

  private get progressFile(): string {
    return path.join(this.workspaceDir, STORE_DIR, 'progress.json');
  }

  saveRun(snapshot: PanelSnapshot, learnerFileHash?: string): string {
    const exercise = snapshot.run?.exercise ?? snapshot.exercise?.id ?? 'unknown';
    const file = path.join(this.runsDir, `${new Date(snapshot.startedAt ?? Date.now()).toISOString().replace(/[:.]/g, '-')}-${exercise}-${snapshot.runId}.json`);
    const record: RunRecord = { version: 1, savedAt: Date.now(), learnerFileHash, snapshot };
    writeJsonAtomic(file, record);
    return file;
  }

  /** The saved run with this id, if any. */
  findRun(runId: string): RunRecord | undefined {
    if (!/^[a-z0-9]+$/i.test(runId) || !fs.existsSync(this.runsDir)) return undefined;
    const name = fs.readdirSync(this.runsDir).find((file) => file.endsWith(`-${runId}.json`));
    return name ? this.recentRunsFrom([name], 1)[0] : undefined;
  }

  /** Newest first. Unreadable files (from another version, or hand-edited) are skipped. */
  recentRuns(limit: number): RunRecord[] {
    if (!fs.existsSync(this.runsDir)) return [];
    return this.recentRunsFrom(fs.readdirSync(this.runsDir).filter((name) => name.endsWith('.json')).sort().reverse(), limit);
  }

  private recentRunsFrom(names: string[], limit: number): RunRecord[] {
    const records: RunRecord[] = [];
    for (const name of names) {
      if (records.length >= limit) break;
      try {
        const record = JSON.parse(fs.readFileSync(path.join(this.runsDir, name), 'utf8')) as RunRecord;
        if (record.version === 1 && record.snapshot?.runId) records.push(record);
      } catch {
        // A foreign or damaged file: not ours to fail on.
      }
    }
    return records;
  }

  progress(): Progress {
    try {
      return JSON.parse(fs.readFileSync(this.progressFile, 'utf8')) as Progress;
    } catch {
      return {};
    }
  }

  /**
   * Counts one run (or sweep) of an exercise. `passed` sticks once true; `metrics`: the final
   * metrics of a completed run, kept when they beat the best so far.
   */
  recordProgress(exercise: string, verdict: { passed: boolean; metrics?: { train: SplitMetrics; test?: SplitMetrics } }): ExerciseProgress {
    const all = this.progress();
    const previous = all[exercise];
    const entry: ExerciseProgress = {
      passed: Boolean(previous?.passed || verdict.passed),
      runs: (previous?.runs ?? 0) + 1,
      lastRunAt: Date.now(),
      ...(previous?.status ? { status: previous.status } : {}),
      best: previous?.best,
    };
    if (verdict.metrics) {
      const split = verdict.metrics.test ? 'test' : 'train';
      const candidate = { ...verdict.metrics[split]!, split } as ExerciseProgress['best'] & object;
      if (!entry.best || isBetter(candidate, entry.best)) entry.best = candidate;
    }
    all[exercise] = entry;
    writeJsonAtomic(this.progressFile, all);
    return entry;
  }

  /** Keeps the latest verdict of an exercise; a pass also counts as passed before. */
  recordStatus(exercise: string, status: ExerciseState): ExerciseProgress {
    const all = this.progress();
    const previous = all[exercise];
    const entry: ExerciseProgress = { ...previous, passed: Boolean(previous?.passed) || status === 'passed', runs: previous?.runs ?? 0, lastRunAt: previous?.lastRunAt ?? Date.now(), status };
    all[exercise] = entry;
    writeJsonAtomic(this.progressFile, all);
    return entry;
  }
}

function isBetter(a: SplitMetrics, b: SplitMetrics): boolean {
  if (a.accuracy !== undefined && b.accuracy !== undefined) return a.accuracy > b.accuracy;
  if (a.r !== undefined && b.r !== undefined) return a.r > b.r;
  return a.loss < b.loss;
}
