// The one way an exercise is run and checked for one learner file. `dlx run`, `dlx validate` and
// `dlx grade` all call `checkExercise`, so the three build the same request, train in the same
// sandboxed trainer, are verified by the same verifier and name the same verdict: they cannot
// disagree (nbgrader's "validate passes, autograde fails").
import { toRunError } from '../engine/errors';
import { isSweepExercise, type Exercise } from '../engine/pack';
import type { BackendChoice, CheckResult, RunError, RunResult, Verification } from '../engine/results';
import type { FunctionRunResult } from '../engine/functions';
import type { SweepResult } from '../engine/sweep';
import { SWEEP_RECORDED_UNVERIFIED } from '../engine/verdict';
import type { RunRequest } from '../trainer/protocol';
import { startFunctionRun } from './functionRun';
import { createRunCheckpoints, decideCheckpointChecks } from './runCheckpoints';
import { defaultWorkers, prepareSweep, startSweep } from './sweep';
import { startTrainer, type TrainerLimits, type TrainerOutcome, type TrainerUpdate } from './trainerProcess';

/**
 * pass: every check passed and the verifier confirmed it. fail: a check failed. error: the run did
 * not finish (a crash, a time-out, a refused sandbox escape, a bad file) or its reported results do
 * not match its trained model (forged). unverified: the checks passed on the trainer's word only (the
 * verifier could not rebuild the model); it counts as a pass only with `allowUnverified`.
 */
export type Verdict = 'pass' | 'fail' | 'error' | 'unverified';

export interface ExerciseCheck {
  exercise: string;
  /** `sweep`: the exercise is checked on its sweep's checks; `function`: on the calls of a function exercise. */
  mode: 'run' | 'sweep' | 'function';
  verdict: Verdict;
  /** The checks' own verdict; null when nothing finished. */
  passed: boolean | null;
  checks: CheckResult[];
  verification?: Verification;
  /** Why the verdict is error. */
  error?: RunError;
  run?: RunResult;
  /** Checkpoints written to `checkpointsDir`. */
  checkpointsWritten?: number;
  sweep?: SweepResult;
  functionRun?: FunctionRunResult;
}

/** Starts one run and settles with its verified outcome: a trainer of its own, or a pool's worker. */
export type RunStarter = (request: RunRequest, limits: TrainerLimits, onUpdate: (message: TrainerUpdate) => void) => Promise<TrainerOutcome>;

export interface CheckOptions extends Pick<RunRequest, 'seed' | 'epochs' | 'overrides' | 'dataFields' | 'modelParams' | 'startFrom'> {
  backend: BackendChoice;
  /** One run even of a sweep exercise (`dlx run`); otherwise a sweep exercise is checked by its sweep. */
  oneRun?: boolean;
  /** A sweep at the exercise's validation sizes (`sweepValidation`), as validate and grade run it. */
  quickSweep?: boolean;
  /** Workers of a sweep's pool; default one per core. */
  sweepWorkers?: number;
  /** An unverified pass counts as pass (`dlx grade --allow-unverified`). */
  allowUnverified?: boolean;
  /** Default: a trainer process of its own (startTrainer). */
  startRun?: RunStarter;
  onUpdate?: (message: TrainerUpdate) => void;
  trainerPath?: string;
  /** Where the run's checkpoints are written as they arrive (src/host/runCheckpoints.ts); without it they are kept for the checks only. */
  checkpointsDir?: string;
}

/** The verdict of checks that ended, from what they rest on. */
export function verdictOf(passed: boolean, verification: Verification | undefined, allowUnverified = false): Verdict {
  if (verification?.state === 'mismatch') return 'error';
  if (!passed) return 'fail';
  if (verification?.state !== 'verified' && !allowUnverified) return 'unverified';
  return 'pass';
}

/** A forged report, as an error: the message says what did not match. */
function mismatchError(verification: Verification): RunError {
  return { kind: 'runtime', message: `${verification.reason.charAt(0).toUpperCase()}${verification.reason.slice(1)}.` };
}

export async function checkExercise(exercise: Exercise, learnerFile: string, options: CheckOptions): Promise<ExerciseCheck> {
  if (exercise.kind === 'function') return checkFunction(exercise, learnerFile, options);
  if (!options.oneRun && isSweepExercise(exercise)) return checkSweep(exercise, learnerFile, options);
  const request: RunRequest = {
    exerciseDir: exercise.dir, learnerFile, seed: options.seed, epochs: options.epochs, backend: options.backend,
    overrides: options.overrides, dataFields: options.dataFields, modelParams: options.modelParams, startFrom: options.startFrom,
  };
  const ownTrainer: RunStarter = (req, limits, onUpdate) => startTrainer(req, limits, onUpdate, options.trainerPath).outcome;
  const start: RunStarter = options.startRun ?? ownTrainer;
  const checkpoints = createRunCheckpoints(options.checkpointsDir);
  const outcome = await start(request, exercise.limits, (message) => {
    checkpoints.observe(message);
    options.onUpdate?.(message);
  });
  const checkpointsWritten = options.checkpointsDir ? { checkpointsWritten: checkpoints.written() } : {};
  if (outcome.type === 'failed') return { exercise: exercise.id, mode: 'run', verdict: 'error', passed: null, checks: [], error: outcome.error, ...checkpointsWritten };
  // The checkpoint checks' extra runs (a reload, an interrupted and a resumed run) each get a trainer of their own.
  const result = await decideCheckpointChecks(exercise, request, outcome.result, checkpoints, (req, onUpdate) => ownTrainer(req, exercise.limits, onUpdate), (text) => options.onUpdate?.({ type: 'log', text }));
  const verdict = verdictOf(result.passed, result.verification, options.allowUnverified);
  return {
    exercise: exercise.id, mode: 'run', verdict, passed: result.passed, checks: result.checks, verification: result.verification, run: result, ...checkpointsWritten,
    ...(result.verification.state === 'mismatch' ? { error: mismatchError(result.verification) } : {}),
  };
}

/** A function exercise: the learner's calls and the reference's each in a trainer child, the checks decided here. */
async function checkFunction(exercise: Exercise, learnerFile: string, options: CheckOptions): Promise<ExerciseCheck> {
  const outcome = await startFunctionRun(exercise, learnerFile, { trainerPath: options.trainerPath }).outcome;
  if (outcome.type === 'failed') return { exercise: exercise.id, mode: 'function', verdict: 'error', passed: null, checks: [], error: outcome.error };
  const { result } = outcome;
  return {
    exercise: exercise.id, mode: 'function', verdict: verdictOf(result.passed, result.verification, options.allowUnverified),
    passed: result.passed, checks: result.checks, verification: result.verification, functionRun: result,
  };
}

async function checkSweep(exercise: Exercise, learnerFile: string, options: CheckOptions): Promise<ExerciseCheck> {
  try {
    const { spec, baseSeed } = prepareSweep(exercise, learnerFile, options.seed);
    const sweep = await startSweep({
      exercise, learnerFile, spec, baseSeed, backend: options.backend,
      workers: options.sweepWorkers ?? defaultWorkers(),
      quick: options.quickSweep ? exercise.sweepValidation ?? {} : undefined,
      trainerPath: options.trainerPath,
    }).result;
    const verification = sweep.verification ?? SWEEP_RECORDED_UNVERIFIED;
    const passed = sweep.passed ?? false;
    return {
      exercise: exercise.id, mode: 'sweep', verdict: verdictOf(passed, verification, options.allowUnverified), passed, checks: sweep.checks ?? [], verification, sweep,
      ...(verification.state === 'mismatch' ? { error: mismatchError(verification) } : {}),
    };
  } catch (error) {
    return { exercise: exercise.id, mode: 'sweep', verdict: 'error', passed: null, checks: [], error: toRunError(error) };
  }
}
