// One run's checkpoints in the host. They are written beside the run's record as they arrive (the one
// writer of `dlx run` and of the editor's runner) and remembered for the exercise's checkpoint checks,
// which are decided here, outside the learner's process, from extra runs in new trainers: the best
// checkpoint reloaded and evaluated with 0 epochs, and a run interrupted at a checkpoint and resumed.
import type { Checkpoint, CheckpointKind } from '../engine/checkpoint';
import { checkpointWeights } from '../engine/checkpointWeights';
import {
  evaluateReloadedBest, evaluateResumed, evaluateSavedCheckpoints, interruptEpoch, isCheckpointCheck,
  type CheckpointRunFacts, type ExtraRun, type SavedCheckpoint,
} from '../engine/checks/checkpoints';
import { defaultCheckName } from '../engine/checks';
import type { Exercise } from '../engine/pack';
import type { CheckResult, EpochMetrics, RunResult } from '../engine/results';
import type { ExperimentSettings } from '../engine/settings';
import type { RunRequest } from '../trainer/protocol';
import { writeCheckpoint } from './checkpointStore';
import type { TrainerOutcome, TrainerUpdate } from './trainerProcess';

export interface RunCheckpoints {
  /** Takes each update of the run: its settings, its epochs' metrics, its checkpoints (written when there is a folder). */
  observe(message: TrainerUpdate): void;
  /** How many checkpoints went to disk. */
  written(): number;
  saved(): SavedCheckpoint[];
  latest(kind: CheckpointKind): Checkpoint | undefined;
  history(): ReadonlyMap<number, EpochMetrics>;
  settings(): ExperimentSettings | undefined;
}

/** `dir`: the run's checkpoints folder (RunStore.checkpointsDir); without one, they are only remembered. */
export function createRunCheckpoints(dir?: string): RunCheckpoints {
  const saved: SavedCheckpoint[] = [];
  const latest = new Map<CheckpointKind, Checkpoint>();
  const history = new Map<number, EpochMetrics>();
  let settings: ExperimentSettings | undefined;
  let written = 0;
  return {
    observe(message) {
      if (message.type === 'started') settings = message.run.settings;
      else if (message.type === 'progress') for (const epoch of message.epochs) history.set(epoch.epoch, epoch);
      else if (message.type === 'checkpoint') {
        const { checkpoint } = message;
        saved.push({ kind: checkpoint.kind, epoch: checkpoint.epoch, ...(checkpoint.monitor ? { value: checkpoint.monitor.value } : {}) });
        latest.set(checkpoint.kind, checkpoint);
        if (dir) {
          writeCheckpoint(dir, checkpoint);
          written++;
        }
      }
    },
    written: () => written,
    saved: () => [...saved],
    latest: (kind) => latest.get(kind),
    history: () => history,
    settings: () => settings,
  };
}

/** Starts one extra run in a trainer of its own and settles with its verified outcome. */
export type ExtraRunStarter = (request: RunRequest, onUpdate: (message: TrainerUpdate) => void) => Promise<TrainerOutcome>;

export const hasCheckpointChecks = (exercise: Pick<Exercise, 'checks'>): boolean => exercise.checks.some(isCheckpointCheck);

/**
 * The run's result with the exercise's checkpoint checks decided and put in their places among the trainer's.
 * An extra run the verifier could not verify makes the result unverified, with the reason.
 */
export async function decideCheckpointChecks(exercise: Exercise, request: RunRequest, result: RunResult, run: RunCheckpoints, start: ExtraRunStarter, log: (text: string) => void = () => undefined): Promise<RunResult> {
  if (!hasCheckpointChecks(exercise)) return result;
  const settings = run.settings();
  if (!settings) {
    // Never a pass by omission: without the run's settings there is nothing to decide them on.
    const failed = exercise.checks.filter(isCheckpointCheck).map((check) => ({ name: check.name ?? defaultCheckName(check), passed: false, message: 'The run never reported its settings (its start), so its checkpoints cannot be checked.' }));
    return { ...result, checks: inExerciseOrder(exercise, result.checks, failed), passed: false };
  }
  const facts: CheckpointRunFacts = { settings, epochs: result.epochs, completed: result.status === 'completed', saved: run.saved(), history: run.history() };
  // Why an extra run is unverified, in the order of the checks (they run at once: the reload beside the interrupted run).
  const unverified: string[][] = [];
  const extra = async (slot: number, what: string, extraRequest: Partial<RunRequest>): Promise<{ run: ExtraRun; checkpoints: RunCheckpoints }> => {
    const checkpoints = createRunCheckpoints();
    const outcome = await start({ ...request, seed: settings.seed, ...extraRequest }, (message) => checkpoints.observe(message));
    if (outcome.type === 'failed') return { run: { error: outcome.error.message }, checkpoints };
    const { verification } = outcome.result;
    if (verification.state === 'unverified') (unverified[slot] ??= []).push(`the ${what} run is unverified: ${verification.reason}`);
    return { run: { metrics: outcome.result.metrics, verification, epochs: outcome.result.epochs }, checkpoints };
  };
  const best = facts.saved.filter((c) => c.kind === 'best').pop();
  const decided = await Promise.all(exercise.checks.filter(isCheckpointCheck).map(async (check, slot): Promise<CheckResult> => {
    const name = check.name ?? defaultCheckName(check);
    if (check.kind === 'checkpoints') return evaluateSavedCheckpoints(check, facts, name);
    if (check.kind === 'reloadBest') {
      const checkpoint = best && run.latest('best');
      if (checkpoint) log(`Checking the checkpoints: reloading the best one (epoch ${checkpoint.epoch}) in a new trainer, 0 epochs.`);
      const reload = checkpoint && (await extra(slot, 'reload', { epochs: 0, startFrom: { artifacts: checkpoint.artifacts, epoch: checkpoint.epoch, resume: false } })).run;
      return evaluateReloadedBest(check, best, facts, reload, name);
    }
    return evaluateResumed(check, facts, await resumeOutcome(check, settings, facts, result, run, (what, req) => extra(slot, what, req), log), name);
  }));
  const reasons = unverified.flat();
  const verification = reasons.length > 0 && result.verification.state === 'verified'
    ? { state: 'unverified' as const, reason: `${reasons.join('; ')} (the run itself was verified)` }
    : result.verification;
  const checks = inExerciseOrder(exercise, result.checks, decided);
  return { ...result, checks, passed: checks.every((check) => check.passed), verification };
}

/** The resume check's two runs: the same run stopped at a checkpoint epoch, then resumed from that checkpoint to the end. */
async function resumeOutcome(
  check: Extract<Exercise['checks'][number], { kind: 'resume' }>, settings: ExperimentSettings, facts: CheckpointRunFacts, result: RunResult, run: RunCheckpoints,
  extra: (what: string, request: Partial<RunRequest>) => Promise<{ run: ExtraRun; checkpoints: RunCheckpoints }>, log: (text: string) => void,
): Promise<Parameters<typeof evaluateResumed>[2]> {
  const every = settings.checkpoint?.every;
  if (every === undefined) return { skipped: 'The run saves no checkpoint every N epochs, so there is none to resume from: give its experiment checkpoint: { every: N }.' };
  if (!facts.completed) return { skipped: 'The run did not complete, so there is no uninterrupted run to compare a resumed one with.' };
  const at = interruptEpoch(check, every, settings.epochs);
  if (at >= settings.epochs) return { skipped: `The run has ${settings.epochs} epochs: interrupted at epoch ${at}, nothing would be left to resume. Give it more epochs than ${at}.` };
  log(`Checking the checkpoints: the same run stopped at epoch ${at}, then resumed from its checkpoint to epoch ${settings.epochs}.`);
  const interrupted = await extra('interrupted', { epochs: at });
  const saved = interrupted.checkpoints.latest('last');
  if ('error' in interrupted.run || !saved || saved.epoch !== at) {
    return { skipped: `The run stopped at epoch ${at} ${'error' in interrupted.run ? `failed: ${interrupted.run.error}` : 'saved no checkpoint there'}.` };
  }
  const resumed = await extra('resumed', { epochs: settings.epochs, startFrom: { artifacts: saved.artifacts, epoch: at, resume: true, ...(saved.optimizerState ? { optimizerState: saved.optimizerState } : {}) } });
  const ours = run.latest('last'), theirs = resumed.checkpoints.latest('last');
  const maxWeightDifference = ours && theirs && ours.epoch === theirs.epoch ? largestDifference(checkpointWeights(ours.artifacts), checkpointWeights(theirs.artifacts)) : null;
  return { interruptedAt: at, resumed: resumed.run, maxWeightDifference, finalMetrics: result.metrics };
}

function largestDifference(a: Float32Array[], b: Float32Array[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  return a.reduce((worst, values, i) => values.reduce((w, value, j) => Math.max(w, Math.abs(value - b[i][j])), worst), 0);
}

/** The trainer's results (its checks, in order) and the host's, each in its place in the exercise's list; anything the verifier added after them stays last. */
function inExerciseOrder(exercise: Pick<Exercise, 'checks'>, trainer: readonly CheckResult[], host: readonly CheckResult[]): CheckResult[] {
  const fromTrainer = [...trainer], fromHost = [...host];
  const placed = exercise.checks.map((check) => (isCheckpointCheck(check) ? fromHost.shift() : fromTrainer.shift())).filter((check): check is CheckResult => check !== undefined);
  return [...placed, ...fromTrainer];
}
