// Starting a run from a checkpoint (`dlx run --from-checkpoint`, `--resume`, the panel's Resume): the checkpoint found and
// read here, in the host, and handed to the trainer as data, with the seed and epochs of the run that
// saved it (the same seed, the same split: its test metrics come back).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DlxError } from '../engine/errors';
import type { Exercise } from '../engine/pack';
import type { EpochMetrics } from '../engine/results';
import { readCheckpoint, savedCheckpoints } from './checkpointStore';
import { readRunRecord, type RunRecord } from './records';
import { hashFile, type RunStore } from './runStore';
import type { RunRequest } from '../trainer/protocol';

export interface StartPlan {
  startFrom: NonNullable<RunRequest['startFrom']>;
  /** The saving run's, unless the command line says otherwise. */
  seed?: number;
  epochs?: number;
  /** A resumed run's epochs before the checkpoint, from the record of the run that saved it: the curves go on. */
  earlier: EpochMetrics[];
  /** What the command says on stderr before it runs. */
  notes: string[];
}

const fail = (message: string): never => {
  throw new DlxError('settings', message);
};

/** The record of the run a checkpoint folder belongs to (`<record>.checkpoints/<kind>`), if it is one. */
function recordOfCheckpoint(dir: string): RunRecord | undefined {
  const base = path.dirname(path.resolve(dir));
  if (!base.endsWith('.checkpoints')) return undefined;
  try {
    return readRunRecord(JSON.parse(fs.readFileSync(base.replace(/\.checkpoints$/, '.json'), 'utf8')));
  } catch {
    return undefined;
  }
}

function checkSameExercise(record: RunRecord | undefined, exercise: Exercise, what: string): void {
  const id = record?.started?.exercise ?? record?.exercise?.id;
  if (id && id !== exercise.id) fail(`${what} belongs to a run of ${id}, not of ${exercise.id}: name that exercise.`);
}

export function planStart(options: { fromCheckpoint?: string; resume?: string; learnerFile: string }, exercise: Exercise, store: RunStore): StartPlan | undefined {
  const { fromCheckpoint, resume } = options;
  if (fromCheckpoint !== undefined && resume !== undefined) fail('Use --from-checkpoint or --resume, not both: --resume continues a run, --from-checkpoint starts a new one from its weights.');
  if (fromCheckpoint !== undefined) {
    let dir = fromCheckpoint;
    let record: RunRecord | undefined;
    if (!fs.existsSync(fromCheckpoint)) {
      record = store.findRun(fromCheckpoint) ?? fail(`--from-checkpoint ${fromCheckpoint}: no such file or folder, and no run with that id in ${path.join(store.workspaceDir, '.dlx', 'runs')}.`);
      const kept = savedCheckpoints(store.checkpointsDirOfRecord(record));
      if (kept.length === 0) fail(`Run ${fromCheckpoint} saved no checkpoints: give its experiment a checkpoint setting (e.g. checkpoint: { every: 50 }) and run it again.`);
      dir = kept[0].dir;
    } else record = recordOfCheckpoint(fromCheckpoint);
    checkSameExercise(record, exercise, `The checkpoint ${fromCheckpoint}`);
    const checkpoint = readCheckpoint(dir);
    return {
      startFrom: { artifacts: checkpoint.artifacts, epoch: checkpoint.epoch, resume: false },
      seed: record?.started?.settings.seed,
      earlier: [],
      notes: [`Starting from the ${checkpoint.kind} checkpoint of epoch ${checkpoint.epoch} (${path.relative(process.cwd(), dir) || dir})${record?.started ? `, with seed ${record.started.settings.seed} as the run that saved it` : ''}.`],
    };
  }
  if (resume === undefined) return undefined;
  const record = store.findRun(resume) ?? fail(`--resume ${resume}: no run with that id in ${path.join(store.workspaceDir, '.dlx', 'runs')}.`);
  checkSameExercise(record, exercise, `Run ${resume}`);
  if (record.end.type === 'finished' && record.end.result.status === 'completed') {
    fail(`Run ${resume} completed its ${record.end.result.epochs} epochs: there is nothing to resume. --from-checkpoint ${resume} starts a new run from its weights.`);
  }
  const last = savedCheckpoints(store.checkpointsDirOfRecord(record)).find((kept) => kept.kind === 'last')
    ?? fail(`Run ${resume} has no checkpoint to resume from: only a run whose experiment has a checkpoint setting (e.g. checkpoint: { every: 10 }) saves one.`);
  const checkpoint = readCheckpoint(last.dir);
  const notes = [`Resuming run ${resume} after epoch ${checkpoint.epoch}.`];
  if (record.learnerFileHash && hashFile(options.learnerFile) !== record.learnerFileHash) notes.push(`warning: ${options.learnerFile} changed since run ${resume} trained it; the resumed run trains the file as it is now.`);
  return {
    startFrom: { artifacts: checkpoint.artifacts, epoch: checkpoint.epoch, resume: true, ...(checkpoint.optimizerState ? { optimizerState: checkpoint.optimizerState } : {}) },
    seed: record.started?.settings.seed,
    epochs: record.started?.settings.epochs,
    earlier: record.epochs.kept.filter((epoch) => epoch.epoch <= checkpoint.epoch),
    notes,
  };
}
