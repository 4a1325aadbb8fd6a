// The format of the records under `.dlx/runs/` and `.dlx/sweeps/`: types of their own, so the
// panel's state can change without changing what is on disk, and a reader for every version
// written so far. Version 1 (the first releases): a run record wrapped the panel's snapshot; a
// sweep record was the sweep's result as it stood. Version 2: the records below.
import type { SweepResult } from '../engine/sweep';
import type { PanelSnapshot, SweepSnapshot } from '../shared/panelProtocol';
import { withoutUndefined } from '../shared/history';
import { sweepSnapshot } from '../shared/sweepState';
import { isRunResult, isTrainerToHost } from '../trainer/ipc';
import type { EpochMetrics } from '../engine/results';
import type { RunStarted } from '../trainer/protocol';
import type { TrainerOutcome } from './trainerProcess';

export const RECORD_VERSION = 2;

/** One run that ended, as `.dlx/runs/` keeps it. */
export interface RunRecord {
  kind: 'run';
  version: typeof RECORD_VERSION;
  runId: string;
  savedAt: number;
  /** Unknown only when the run failed before the host knew it (never in practice). */
  exercise?: { id: string; title: string };
  learnerFile?: string;
  /** sha256 of the learner file as it was trained. */
  learnerFileHash?: string;
  startedAt?: number;
  /** What the trainer said when training began; absent when the run failed before (a syntax error...). */
  started?: RunStarted;
  /** In epoch order; a long run keeps only the epochs with (epoch - 1) % stride === 0, and its last. */
  epochs: { kept: EpochMetrics[]; stride: number; last?: EpochMetrics };
  /** The learner's console output: the last lines, and how many were dropped before them. */
  log: { lines: string[]; dropped: number };
  /** The trainer's result or error, or the host's explanation of a crash, a time-out, a stop. */
  end: TrainerOutcome;
}

/**
 * One sweep, as `.dlx/sweeps/` keeps it: written before its first run (the prediction committed)
 * and again when it ends. The sweep's fields stay at the top level, as in version 1.
 */
export type SweepRecord = Omit<SweepResult, 'version'> & { kind: 'sweep'; version: typeof RECORD_VERSION; savedAt: number };

interface RunRecordV1 {
  version: 1;
  savedAt: number;
  learnerFileHash?: string;
  snapshot: PanelSnapshot;
}

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The record of a run that ended with `end`; the rest is what the panel showed of it. */
export function runRecord(snapshot: PanelSnapshot, end: TrainerOutcome, learnerFileHash?: string, savedAt = Date.now()): RunRecord {
  return withoutUndefined({
    kind: 'run',
    version: RECORD_VERSION,
    runId: snapshot.runId,
    savedAt,
    exercise: snapshot.exercise,
    learnerFile: snapshot.learnerFile,
    learnerFileHash,
    startedAt: snapshot.startedAt,
    started: snapshot.run,
    epochs: withoutUndefined({ kept: snapshot.epochs, stride: snapshot.epochStride, last: snapshot.latest }),
    log: { lines: snapshot.logs, dropped: snapshot.droppedLogLines },
    end,
  });
}

/** What the panel shows of a saved run. */
export function runSnapshot(record: RunRecord): PanelSnapshot {
  const { end } = record;
  return withoutUndefined({
    runId: record.runId,
    startedAt: record.startedAt,
    learnerFile: record.learnerFile,
    exercise: record.exercise,
    run: record.started,
    status: end.type === 'finished' ? end.result.status : 'failed',
    epochs: record.epochs.kept,
    epochStride: record.epochs.stride,
    latest: record.epochs.last,
    logs: record.log.lines,
    droppedLogLines: record.log.dropped,
    result: end.type === 'finished' ? end.result : undefined,
    error: end.type === 'failed' ? end.error : undefined,
  });
}

/** A run record of any version, as the current one; undefined for a foreign or damaged file. */
export function readRunRecord(value: unknown): RunRecord | undefined {
  if (!isFields(value)) return undefined;
  if (value.kind === 'run' && value.version === RECORD_VERSION) return isRunRecord(value) ? withVerification(value as unknown as RunRecord) : undefined;
  if (value.version === 1 && isFields(value.snapshot) && typeof value.snapshot.runId === 'string') {
    const record = fromVersion1(value as unknown as RunRecordV1);
    return record && withVerification(record);
  }
  return undefined;
}

function isRunRecord(value: Fields): boolean {
  const { epochs, log } = value;
  return typeof value.runId === 'string' && isEnd(value.end) && isFields(epochs) && Array.isArray(epochs.kept) && isFields(log) && Array.isArray(log.lines);
}

const isEnd = (end: unknown): end is TrainerOutcome => isFields(end) && (end.type === 'finished' ? isRunResult(end.result) : end.type === 'failed' && isTrainerToHost(end));

/** Runs recorded before the host verified them say so, rather than passing for verified. */
const RECORDED_UNVERIFIED = { state: 'unverified', reason: 'recorded before runs were verified' } as const;

function withVerification(record: RunRecord): RunRecord {
  if (record.end.type !== 'finished' || record.end.result.verification) return record;
  return { ...record, end: { ...record.end, result: { ...record.end.result, verification: RECORDED_UNVERIFIED } } };
}

/** A version 1 snapshot holds its end as the result or the error it ended with; one without either is damaged. */
function fromVersion1(record: RunRecordV1): RunRecord | undefined {
  const { snapshot } = record;
  const end: unknown = snapshot.result ? { type: 'finished', result: snapshot.result } : { type: 'failed', error: snapshot.error };
  return isEnd(end) ? runRecord(snapshot, end, record.learnerFileHash, record.savedAt) : undefined;
}

export function sweepRecord(sweep: SweepResult, savedAt = Date.now()): SweepRecord {
  return { ...sweep, kind: 'sweep', version: RECORD_VERSION, savedAt };
}

/** The sweep a record holds, as the engine, the CLI and the panel know it. */
export function sweepOf(record: SweepRecord): SweepResult {
  const { kind: _kind, savedAt: _savedAt, ...sweep } = record;
  return { ...sweep, version: 1 };
}

/** What the panel shows of a saved sweep: one still `running` on disk has no live sweep behind it. */
export function savedSweepSnapshot(record: SweepRecord, exercise: SweepSnapshot['exercise']): SweepSnapshot {
  return sweepSnapshot(sweepOf(record), exercise, false);
}

/** A sweep record of any version, as the current one; undefined for a foreign or damaged file. */
export function readSweepRecord(value: unknown): SweepRecord | undefined {
  if (!isFields(value) || typeof value.id !== 'string' || !Array.isArray(value.runs) || !Array.isArray(value.axes)) return undefined;
  if (value.kind === 'sweep' && value.version === RECORD_VERSION) return value as unknown as SweepRecord;
  // Version 1 kept no time of writing: the sweep's end, or its start for the first write.
  if (value.version === 1 && value.kind === undefined) return sweepRecord(value as unknown as SweepResult, (value.finishedAt ?? value.startedAt) as number);
  return undefined;
}
