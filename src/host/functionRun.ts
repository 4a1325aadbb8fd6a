// A run of a function exercise, for the CLI and the extension alike. The learner's calls are made
// in one trainer child and the reference's in another (the reference's path is the learner's: the
// same sandbox, limits and stop), and the verdict is decided here on the values they sent back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DlxError, toRunError } from '../engine/errors';
import {
  callText, describeTrainsModel, evaluateFunctionRun, exportsProblem, planLearnerCalls, planReferenceCalls, planReferenceTrainings, resolveParameters,
  type CallReport, type FunctionCall, type FunctionRunResult,
} from '../engine/functions';
import type { Exercise } from '../engine/pack';
import type { RunError } from '../engine/results';
import { Validator } from '../engine/validate';
import { sandboxFor } from './sandbox';
import { defaultTrainerPath, missingTrainerBundle, TrainerProcess } from './trainerProcess';

export type FunctionOutcome = { type: 'finished'; result: FunctionRunResult } | { type: 'failed'; error: RunError };

export interface FunctionRunOptions {
  /** `--set start=0.5` and the like: descent parameters over the exercise's and the file's. */
  overrides?: Record<string, unknown>;
  trainerPath?: string;
  /** console output of the learner's code. */
  onLog?(text: string): void;
}

export interface FunctionRunHandle {
  readonly outcome: Promise<FunctionOutcome>;
  /** Stops the trainer children at work (gone within a second). */
  cancel(): void;
  /** Ends them at once (SIGKILL), for when the caller itself is going away. */
  kill(): void;
}

/** The time limit's and the memory limit's messages, naming the call that was running. */
function namedLimitError(call: FunctionCall | undefined, limits: Exercise['limits'], error: RunError): RunError {
  if (!call) return error;
  const what = call.train ? `Training ${describeTrainsModel(call.train.model)} with ${call.export}` : callText(call.export, call.args);
  if (error.kind === 'timeout') {
    return {
      kind: 'timeout',
      message: `${what} did not return within the time limit of ${limits.timeoutSeconds} s, so the run was stopped. An endless loop: a while loop whose condition never turns false, or a counter that never reaches its end?`,
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  if (error.kind === 'crash' && /ran out of memory/.test(error.message)) {
    return { kind: 'crash', message: `${what} made the trainer run out of memory (limit ${limits.memoryMb} MB). Does it keep adding to an array, or creating tensors, in a loop that does not end?`, ...(error.hint ? { hint: error.hint } : {}) };
  }
  return error;
}

export function startFunctionRun(exercise: Exercise, learnerFile: string, options: FunctionRunOptions = {}): FunctionRunHandle {
  const trainerPath = options.trainerPath ?? defaultTrainerPath();
  const trainers = new Set<TrainerProcess>();
  let cancelled = false;
  const fork = (file: string) => {
    const trainer = new TrainerProcess(trainerPath, exercise.limits, sandboxFor(trainerPath, { exerciseDir: exercise.dir, learnerFile: file, backend: 'cpu' }));
    trainers.add(trainer);
    void trainer.exited.then(() => trainers.delete(trainer));
    return trainer;
  };

  async function callIn(trainer: TrainerProcess, file: string, calls: FunctionCall[]): Promise<CallReport | RunError> {
    if (cancelled) return { kind: 'crash', message: 'The run was stopped.' };
    let lastCall: FunctionCall | undefined;
    const byId = new Map(calls.map((call) => [call.id, call]));
    const report = await trainer.call({ exerciseDir: exercise.dir, learnerFile: file, calls }, (id) => (lastCall = byId.get(id)), (text) => options.onLog?.(text));
    await trainer.exited;
    return 'results' in report ? report : namedLimitError(lastCall, exercise.limits, report);
  }

  async function run(): Promise<FunctionOutcome> {
    const started = Date.now();
    const spec = exercise.function;
    if (!spec) throw new DlxError('internal', `${exercise.id} is not a function exercise.`);
    const fileName = path.basename(learnerFile);
    if (!fs.existsSync(learnerFile)) throw new DlxError('exports', `The learner file ${learnerFile} does not exist.`);
    const source = fs.readFileSync(learnerFile, 'utf8');
    const parameters = resolveParameters(spec, source, options.overrides ?? {}, new Validator(fileName, 'settings'), fileName);
    const plan = planLearnerCalls(spec, exercise.functionChecks, parameters);
    const missing = missingTrainerBundle(trainerPath);
    if (missing) return { type: 'failed', error: missing };
    // Both children start at once: the reference's loads while the learner's calls run. The
    // reference's trainings (`trains` checks) need nothing from the learner: a third child runs them meanwhile.
    const referenceTrainer = fork(spec.reference);
    const trainings = planReferenceTrainings(exercise.functionChecks);
    const referenceTrained = trainings.length ? callIn(fork(spec.reference), spec.reference, trainings) : undefined;
    const learner = await callIn(fork(learnerFile), learnerFile, plan.learnerCalls);
    const problem = 'results' in learner ? exportsProblem(spec, learner.exports, fileName) : undefined;
    if (!('results' in learner) || problem) {
      for (const trainer of trainers) trainer.kill();
      return { type: 'failed', error: 'results' in learner ? { kind: 'exports', message: problem! } : learner };
    }
    const referenceFailed = (error: RunError): FunctionOutcome => ({
      type: 'failed', error: cancelled ? error : { kind: 'pack', message: `The exercise's reference (${path.relative(exercise.packDir, spec.reference)}) failed: ${error.message}` },
    });
    const reference = await callIn(referenceTrainer, spec.reference, planReferenceCalls(spec, exercise.functionChecks, plan, learner));
    if (!('results' in reference)) return referenceFailed(reference);
    const trained = await referenceTrained;
    if (trained && !('results' in trained)) return referenceFailed(trained);
    const result = evaluateFunctionRun({
      exercise: exercise.id, spec, checks: exercise.functionChecks, plan, learner,
      reference: trained ? { ...reference, results: { ...reference.results, ...trained.results } } : reference,
      sandbox: learner.sandbox, wallMs: Date.now() - started,
    });
    return { type: 'finished', result };
  }

  return {
    outcome: run().catch((error: unknown) => ({ type: 'failed', error: toRunError(error) })),
    cancel: () => {
      cancelled = true;
      for (const trainer of trainers) trainer.stop('cancel');
    },
    kill: () => {
      cancelled = true;
      for (const trainer of trainers) trainer.kill();
    },
  };
}
