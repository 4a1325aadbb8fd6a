// `dlx run`'s and `dlx validate`'s one run: checkExercise with the CLI's progress on stderr, the
// run's checkpoints written beside its record (by checkExercise), and Ctrl-C stopping the run.
import type { Exercise } from '../engine/pack';
import type { EpochMetrics } from '../engine/results';
import { checkExercise, type CheckOptions, type ExerciseCheck } from '../host/checkExercise';
import { runRecord } from '../host/records';
import { hashFile, type RunStore } from '../host/runStore';
import { startTrainer, type TrainerOutcome } from '../host/trainerProcess';
import type { PanelSnapshot } from '../shared/panelProtocol';
import { reduceRun, startingSnapshot } from '../shared/runState';
import { progressBar } from './format';

export interface RunOptions extends Pick<CheckOptions, 'seed' | 'epochs' | 'overrides' | 'dataFields' | 'modelParams' | 'startFrom' | 'backend' | 'oneRun' | 'quickSweep'> {
  /** Progress on stderr: a bar on a TTY, nothing otherwise. */
  progress: boolean;
  /** Where the run's checkpoints go, and its record when it wrote some or resumed a run (`dlx validate` keeps none). */
  record?: { store: RunStore; runId: string; earlier: EpochMetrics[] };
}

export interface CliRun {
  check: ExerciseCheck;
  /** What the panel would show of it: the epochs, the last one's metrics. */
  snapshot: PanelSnapshot;
  /** The record's file, when one was saved. */
  savedTo?: string;
}

/** checkExercise with the CLI's progress on stderr, checkpoints written, and Ctrl-C stopping the run (it reports what it trained). */
export async function runExercise(exercise: Exercise, file: string, options: RunOptions): Promise<CliRun> {
  const tty = options.progress && process.stderr.isTTY;
  let totalEpochs = 0;
  const runId = options.record?.runId ?? 'cli';
  const startedAt = Date.now();
  const earlier = options.record?.earlier ?? [];
  let snapshot = startingSnapshot(runId, startedAt, file, exercise, earlier);
  let outcome: TrainerOutcome | undefined;
  const check = await checkExercise(exercise, file, {
    ...options,
    ...(options.record ? { checkpointsDir: options.record.store.checkpointsDir(startedAt, exercise.id, runId) } : {}),
    startRun: (request, limits, onUpdate) => {
      const handle = startTrainer(request, limits, onUpdate);
      const stop = () => handle.cancel();
      process.once('SIGINT', stop);
      return handle.outcome.then((ended) => (outcome = ended)).finally(() => process.removeListener('SIGINT', stop));
    },
    onUpdate: (message) => {
      // checkExercise writes the checkpoints (host/runCheckpoints.ts).
      if (message.type === 'checkpoint') return;
      if (message.type === 'probed' || message.type === 'calling' || message.type === 'called') return;
      snapshot = reduceRun(snapshot, message.type === 'started' ? { type: 'runStarted', runId, startedAt, learnerFile: file, run: message.run } : { ...message, runId });
      if (message.type === 'started') {
        totalEpochs = message.run.settings.epochs;
        if (options.progress) {
          process.stderr.write(`${exercise.id}: ${totalEpochs} epochs on ${message.run.backend}\n`);
          for (const warning of message.run.warnings) process.stderr.write(`warning: ${warning}\n`);
        }
      } else if (message.type === 'progress' && tty) {
        const last = message.epochs[message.epochs.length - 1];
        process.stderr.write(`\r${progressBar(last.epoch, totalEpochs, last.train)}\x1b[K`);
      } else if (message.type === 'log' && options.progress) {
        process.stderr.write(`${tty ? '\r\x1b[K' : ''}${message.text}\n`);
      }
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  if (!outcome) return { check, snapshot };
  // The result with the host's checkpoint checks decided, as checkExercise returns it.
  if (outcome.type === 'finished' && check.run) outcome = { ...outcome, result: check.run };
  snapshot = reduceRun(snapshot, { ...outcome, runId });
  const keep = options.record && ((check.checkpointsWritten ?? 0) > 0 || options.startFrom?.resume);
  return { check, snapshot, ...(keep ? { savedTo: options.record!.store.saveRun(runRecord(snapshot, outcome, hashFile(file))) } : {}) };
}
