// Run records and learner progress under the workspace's `.dlx/`: every finished or stopped run
// (settings, metrics per epoch, checks, the learner file's hash), written atomically so a crash
// or a reload never leaves a torn file.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SplitMetrics, Verification } from '../engine/results';
import { checkpointsDirOf } from './checkpointStore';
import { RecordFolder, writeJsonAtomic } from './recordFolder';
import { readRunRecord, type RunRecord } from './records';

export const STORE_DIR = '.dlx';

/** The verdict of an exercise's latest run (a sweep for a sweep exercise). */
export type ExerciseState = 'passed' | 'failed' | 'error';

export interface ExerciseProgress {
  /** Passed at least once. */
  passed: boolean;
  /** The latest verdict (src/extension/exerciseStatus.ts); absent in files from before it was kept. */
  status?: ExerciseState;
  /** Whether that verdict was verified (src/engine/verify.ts); absent in files from before runs were verified. */
  verification?: Verification;
  runs: number;
  lastRunAt: number;
  /** Best final metrics of a completed run: highest accuracy or r, lowest loss. */
  best?: SplitMetrics & { split: 'train' | 'test' };
}

export type Progress = Record<string, ExerciseProgress>;

export function hashFile(file: string): string | undefined {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

export class RunStore {
  private readonly runs: RecordFolder<RunRecord>;

  constructor(readonly workspaceDir: string) {
    this.runs = new RecordFolder(path.join(workspaceDir, STORE_DIR, 'runs'), readRunRecord);
  }

  private get progressFile(): string {
    return path.join(this.workspaceDir, STORE_DIR, 'progress.json');
  }

  saveRun(record: RunRecord): string {
    const file = this.fileOf(record);
    writeJsonAtomic(file, record);
    return file;
  }

  /** Where a run's record is (or goes): the same file for every write of it. */
  fileOf(record: Pick<RunRecord, 'startedAt' | 'savedAt' | 'started' | 'exercise' | 'runId'>): string {
    return this.runs.file(record.startedAt ?? record.savedAt, record.started?.exercise ?? record.exercise?.id ?? 'unknown', record.runId);
  }

  checkpointsDirOfRecord(record: Pick<RunRecord, 'startedAt' | 'savedAt' | 'started' | 'exercise' | 'runId'>): string {
    return checkpointsDirOf(this.fileOf(record));
  }

  /** The folder of a run's checkpoints (src/host/checkpointStore.ts), next to its record; known from the run's start. */
  checkpointsDir(startedAt: number, exercise: string, runId: string): string {
    return checkpointsDirOf(this.fileOf({ startedAt, savedAt: startedAt, exercise: { id: exercise, title: exercise }, runId }));
  }

  /** The saved run with this id, if any. */
  findRun(runId: string): RunRecord | undefined {
    return this.runs.find(runId);
  }

  /** Newest first. Unreadable files (from another version, or hand-edited) are skipped. */
  recentRuns(limit: number): RunRecord[] {
    return this.runs.recent(limit);
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
      ...(previous?.verification ? { verification: previous.verification } : {}),
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
  recordStatus(exercise: string, status: ExerciseState, verification?: Verification): ExerciseProgress {
    const all = this.progress();
    const previous = all[exercise];
    // The verification belongs to this verdict: none (a sweep's, an error) replaces the previous one's.
    const entry: ExerciseProgress = { ...previous, passed: Boolean(previous?.passed) || status === 'passed', runs: previous?.runs ?? 0, lastRunAt: previous?.lastRunAt ?? Date.now(), status, verification };
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
