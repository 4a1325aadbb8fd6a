// Run records and learner progress under the workspace's `.dlx/`: every finished or stopped run
// (settings, metrics per epoch, checks, the learner file's hash), written atomically so a crash
// or a reload never leaves a torn file.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AttemptState } from '../engine/attempt';
import type { SplitMetrics, Verification } from '../engine/results';
import { checkpointsDirOf } from './checkpointStore';
import { RecordFolder, writeJsonAtomic } from './recordFolder';
import { readRunRecord, type RunRecord } from './records';

export const STORE_DIR = '.dlx';

/** The verdict of an exercise's latest run (a sweep for a sweep exercise): src/engine/attempt.ts. */
export type ExerciseState = AttemptState;

/** The entries this writes; an entry without `version` is of format 1, whose status said passed/failed. */
export const PROGRESS_VERSION = 2;
const FORMAT_1_STATES: Record<string, ExerciseState> = { passed: 'passing', failed: 'failing', error: 'error' };

export interface ExerciseProgress {
  version?: typeof PROGRESS_VERSION;
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
  /** How many hints of each ladder were revealed (src/engine/hints.ts names the ladders); they stay revealed. */
  hintsRevealed?: Record<string, number>;
  /** When the learner chose to compare their file with the solution (ms since the Unix epoch). */
  solutionShownAt?: number;
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
    let raw: Record<string, ExerciseProgress & { status?: string }>;
    try {
      raw = JSON.parse(fs.readFileSync(this.progressFile, 'utf8')) as typeof raw;
    } catch {
      return {};
    }
    return Object.fromEntries(Object.entries(raw).map(([id, entry]) => [id, upgradeProgress(entry)]));
  }

  private write(exercise: string, entry: Omit<ExerciseProgress, 'version'>): ExerciseProgress {
    // Every entry was read in this version's form, so every entry is written in it.
    const all = Object.fromEntries(Object.entries({ ...this.progress(), [exercise]: entry }).map(([id, e]) => [id, { ...e, version: PROGRESS_VERSION }])) as Progress;
    writeJsonAtomic(this.progressFile, all);
    return all[exercise];
  }

  private entryOf(exercise: string): ExerciseProgress {
    return this.progress()[exercise] ?? { passed: false, runs: 0, lastRunAt: Date.now() };
  }

  /** Keeps how many hints of a ladder were revealed; a count never goes down. */
  recordHintsRevealed(exercise: string, ladder: string, count: number): ExerciseProgress {
    const entry = this.entryOf(exercise);
    const hintsRevealed = { ...entry.hintsRevealed, [ladder]: Math.max(count, entry.hintsRevealed?.[ladder] ?? 0) };
    return this.write(exercise, { ...entry, hintsRevealed });
  }

  recordSolutionShown(exercise: string): ExerciseProgress {
    return this.write(exercise, { ...this.entryOf(exercise), solutionShownAt: Date.now() });
  }

  /**
   * Counts one run (or sweep) of an exercise. `passed` sticks once true; `metrics`: the final
   * metrics of a completed run, kept when they beat the best so far.
   */
  recordProgress(exercise: string, verdict: { passed: boolean; metrics?: { train: SplitMetrics; test?: SplitMetrics } }): ExerciseProgress {
    const previous = this.progress()[exercise];
    const entry: Omit<ExerciseProgress, 'version'> = {
      ...previous,
      passed: Boolean(previous?.passed || verdict.passed),
      runs: (previous?.runs ?? 0) + 1,
      lastRunAt: Date.now(),
    };
    if (verdict.metrics) {
      const split = verdict.metrics.test ? 'test' : 'train';
      const candidate = { ...verdict.metrics[split]!, split } as ExerciseProgress['best'] & object;
      if (!entry.best || isBetter(candidate, entry.best)) entry.best = candidate;
    }
    return this.write(exercise, entry);
  }

  /** Keeps the latest verdict of an exercise; a pass also counts as passed before. */
  recordStatus(exercise: string, status: ExerciseState, verification?: Verification): ExerciseProgress {
    const previous = this.progress()[exercise];
    // The verification belongs to this verdict: none (a sweep's, an error) replaces the previous one's.
    return this.write(exercise, { ...previous, passed: Boolean(previous?.passed) || status === 'passing', runs: previous?.runs ?? 0, lastRunAt: previous?.lastRunAt ?? Date.now(), status, verification });
  }
}

/** An entry as this version reads it: format 1's passed/failed statuses get their four-state names. */
export function upgradeProgress(entry: ExerciseProgress & { status?: string }): ExerciseProgress {
  if (entry.version === PROGRESS_VERSION || entry.status === undefined) return entry;
  const status = FORMAT_1_STATES[entry.status];
  const { status: _old, ...rest } = entry;
  return status ? { ...rest, status } : rest;
}

function isBetter(a: SplitMetrics, b: SplitMetrics): boolean {
  if (a.accuracy !== undefined && b.accuracy !== undefined) return a.accuracy > b.accuracy;
  if (a.r !== undefined && b.r !== undefined) return a.r > b.r;
  return a.loss < b.loss;
}
