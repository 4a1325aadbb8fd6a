// The sweep driver: a sweep's runs on a pool of trainer processes (src/host/trainerPool.ts), each
// run's messages recorded into its outcome and thinned curve, the results aggregated and checked.
// A run that fails (a crash, a time-out) is marked and the sweep goes on; a learner file broken
// for every run stops the sweep early with its error. Learner code runs only in the workers.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { evaluateSweepCheck } from '../engine/checks';
import { DlxError } from '../engine/errors';
import type { Exercise } from '../engine/pack';
import {
  createRunRecorder, expandSweep, missingDevSetReason, parseSweepSpec, readExportedLiteral, readSweepLiteral, resolveSweepSpec, summarizeSweep, SweepLiteralError,
  type SweepSpecInput, type SweepPlan, type SweepPlanRun, type SweepPrediction, type SweepQuick, type SweepResult, type SweepRunResult, type SweepSpec,
} from '../engine/sweep';
import { Validator } from '../engine/validate';
import { sweepVerification } from '../engine/verdict';
import { MISMATCH_CHECK_NAME } from '../engine/verify';
import type { BackendChoice, RunError } from '../engine/results';
import type { RunRequest } from '../trainer/protocol';
import { withoutUndefined } from '../shared/history';
import { hashFile } from './runStore';
import { inShard, type Shard } from './shard';
import { TrainerPool } from './trainerPool';
import type { TrainerLimits } from './trainerProcess';

/** One worker per CPU core: the pool's default. */
export const SWEEP_CHECKPOINT_MESSAGE = 'The experiment sets checkpoint, but a sweep keeps no checkpoints (it records every run\'s numbers, not its weights): remove checkpoint from the experiment for the sweep, or save checkpoints with a single run (dlx run, or Run Experiment).';

export function defaultWorkers(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

export interface SweepOptions {
  exercise: Exercise;
  learnerFile: string;
  /** The sweep as declared (resolveSweepSpec of the exercise's and the learner's). */
  spec: SweepSpec;
  baseSeed: number;
  /** Reduced sizes (dlx validate). */
  quick?: SweepQuick;
  backend: BackendChoice;
  workers: number;
  trainerPath?: string;
  /** Limits of one run; the exercise's by default. */
  limits?: TrainerLimits;
  /** Recorded in the result before the first run starts. */
  prediction?: Omit<SweepPrediction, 'recordedAt'>;
  /** The record before any run started (status `running`, the prediction committed): save it here. */
  onStart?(record: SweepResult, plan: SweepPlan): void;
  onRun?(run: SweepRunResult, done: number, total: number): void;
  /** Only this shard's runs (every count-th by plan index); the result then has no summary or checks: `concludeSweep` of the merged runs gives them. */
  shard?: Shard;
}

export interface SweepHandle {
  plan: SweepPlan;
  result: Promise<SweepResult>;
  /** Stops the sweep; the result then has status `cancelled` with the runs done so far. */
  cancel(): Promise<void>;
  /** Process ids of the pool's live workers. */
  pids(): number[];
}

/** Error kinds that say the learner file (not one setting) is broken: the same for every run. */
const FILE_WIDE_KINDS = new Set(['syntax', 'exports', 'settings', 'pack', 'data', 'environment']);
/** When the first this-many runs all fail with the same file-wide error, the sweep stops. */
const FAIL_FAST_RUNS = 3;

export function startSweep(options: SweepOptions): SweepHandle {
  const { exercise, spec } = options;
  const plan = expandSweep(spec, { baseSeed: options.baseSeed, quick: options.quick });
  const planned = options.shard ? plan.runs.filter((run) => inShard(run.index, options.shard!)) : plan.runs;
  const started = performance.now();
  const record: SweepResult = {
    version: 1,
    id: randomBytes(4).toString('hex'),
    exercise: exercise.id,
    learnerFile: options.learnerFile,
    learnerFileHash: hashFile(options.learnerFile),
    status: 'running',
    startedAt: Date.now(),
    workers: Math.max(1, Math.min(options.workers, planned.length)),
    spec,
    quick: Boolean(options.quick),
    repeats: plan.spec.repeats,
    seeds: spec.seeds ?? 'perRepeat',
    baseSeed: options.baseSeed,
    axes: plan.axes,
    ...(spec.search === 'random' ? { points: plan.points } : {}),
    outcome: spec.outcome,
    ...(spec.threshold !== undefined ? { threshold: spec.threshold } : {}),
    ...(options.prediction ? { prediction: { ...options.prediction, recordedAt: Date.now() } } : {}),
    runs: [],
  };
  options.onStart?.(structuredClone(record), plan);
  const pool = new TrainerPool({ workers: record.workers, limits: options.limits ?? exercise.limits, trainerPath: options.trainerPath });
  let abortError: RunError | undefined;
  const finishedRuns: SweepRunResult[] = [];

  const runOne = async (planned: SweepPlanRun): Promise<SweepRunResult> => {
    const recorder = createRunRecorder(spec);
    const base: SweepRunResult = { index: planned.index, point: planned.point, repeat: planned.repeat, values: planned.values, seed: planned.seed, status: 'failed', outcome: null };
    const request: RunRequest = {
      exerciseDir: exercise.dir, learnerFile: options.learnerFile, seed: planned.seed, backend: options.backend,
      overrides: planned.overrides, dataFields: planned.dataFields, modelParams: planned.modelParams,
    };
    let runStart = performance.now();
    let checkpointed = false;
    const outcome = await pool.run(request, (message) => {
      if (message.type === 'checkpoint') checkpointed = true;
      if (message.type === 'started') {
        const s = message.run.settings;
        base.settings = withoutUndefined({ learningRate: s.learningRate, batchSize: s.batchSize, epochs: s.epochs, optimizer: s.optimizer, loss: s.loss, testFraction: s.testFraction, devFraction: s.devFraction, split: s.split, momentum: s.momentum, weightDecay: s.weightDecay, l1: s.l1 });
        base.parameters = message.run.model.parameters;
        base.variableShapes = message.run.model.variableShapes;
        base.backend = message.run.backend;
      } else if (message.type === 'progress') {
        recorder.add(message.epochs);
      }
    }, () => (runStart = performance.now()));
    base.wallMs = performance.now() - runStart;
    if (outcome.type === 'failed') {
      return { ...base, status: pool.isCancelled ? 'cancelled' : 'failed', error: outcome.error };
    }
    // A sweep keeps one record for all its runs, and no run's weights: never drop them in silence.
    if (checkpointed) return { ...base, error: { kind: 'settings', message: SWEEP_CHECKPOINT_MESSAGE } };
    const result = outcome.result;
    const { verification } = result;
    // A report that does not match its model is a failed run: its numbers cannot feed the sweep's checks.
    if (verification.state === 'mismatch') return { ...base, verification, error: { kind: 'runtime', message: `${verification.reason.charAt(0).toUpperCase()}${verification.reason.slice(1)}, so this run counts as failed.` } };
    const noDevSet = missingDevSetReason(spec, result.metrics);
    if (noDevSet) return { ...base, verification, error: { kind: 'settings', message: noDevSet } };
    return {
      ...base,
      verification,
      status: result.status,
      outcome: recorder.outcome(result.metrics),
      epochs: result.epochs,
      metrics: result.metrics,
      curve: recorder.curve(),
      checks: result.checks,
      backend: result.backend,
      trainMs: result.timings.trainMs,
    };
  };

  const result = (async (): Promise<SweepResult> => {
    const all = await Promise.all(planned.map(async (plannedRun) => {
      const run = await runOne(plannedRun);
      finishedRuns.push(run);
      options.onRun?.(run, finishedRuns.length, planned.length);
      const firsts = finishedRuns.slice(0, FAIL_FAST_RUNS);
      if (!abortError && !pool.isCancelled && firsts.length === Math.min(FAIL_FAST_RUNS, planned.length)
        && firsts.every((r) => r.status === 'failed' && r.error && FILE_WIDE_KINDS.has(r.error.kind) && r.error.message === firsts[0].error!.message)) {
        abortError = firsts[0].error;
        void pool.cancel();
      }
      return run;
    }));
    await pool.close();
    if (abortError) throw new DlxError(abortError.kind, abortError.message, { location: abortError.location, hint: abortError.hint });
    const runs = all.sort((a, b) => a.index - b.index);
    const done: SweepResult = { ...record, runs, status: pool.isCancelled ? 'cancelled' : 'completed', finishedAt: Date.now(), wallMs: performance.now() - started };
    return options.shard ? done : concludeSweep(done, exercise);
  })();

  return { plan, result, cancel: () => pool.cancel(), pids: () => pool.pids };
}

/**
 * A finished sweep's verdict from its runs: the summary, what it rests on (the runs' verification)
 * and the sweep checks. A sweep whose every run failed is an error. One rule for a sweep run here
 * and for shards merged (`dlx sweep merge`).
 */
export function concludeSweep(sweep: SweepResult, exercise: Pick<Exercise, 'sweepChecks'>): SweepResult {
  const { runs, spec, axes } = sweep;
  if (runs.length > 0 && runs.every((run) => run.status === 'failed')) {
    const error = runs[0].error!;
    throw new DlxError(error.kind, `Every run of the sweep failed. The first: ${error.message}`, { location: error.location, hint: error.hint });
  }
  const done: SweepResult = { ...sweep };
  done.summary = summarizeSweep({ ...done, spec });
  done.verification = sweepVerification(runs);
  done.checks = exercise.sweepChecks.map((check) => evaluateSweepCheck(check, { declared: spec, axes, runs, summary: done.summary!, quick: done.quick }));
  if (done.verification.state === 'mismatch') {
    done.checks.push({ name: MISMATCH_CHECK_NAME, passed: false, message: `Some runs' reported results do not match their trained models (${done.verification.reason}), so the sweep cannot pass.` });
  }
  done.passed = done.status === 'completed' && done.checks.every((check) => check.passed);
  return done;
}

/**
 * The sweep a learner file runs on an exercise: the exercise's `sweep` with the file's `sweep`
 * export over it, read from the file's text (learner code runs only in the trainer), and the base
 * seed: `seed` if given, else the file's `experiment.seed` (unless the exercise locks it), else
 * the exercise's, else 1.
 */
export function prepareSweep(exercise: Exercise, learnerFile: string, seed?: number): { spec: SweepSpec; baseSeed: number } {
  let source: string;
  try {
    source = fs.readFileSync(learnerFile, 'utf8');
  } catch {
    throw new DlxError('exports', `The learner file ${learnerFile} does not exist.`);
  }
  const label = path.basename(learnerFile);
  let learnerSweep: SweepSpecInput | undefined;
  try {
    const literal = readSweepLiteral(source);
    if (literal) learnerSweep = parseSweepSpec(literal.value, 'sweep', new Validator(label, 'settings'));
  } catch (error) {
    if (error instanceof SweepLiteralError) throw new DlxError('settings', error.message, { location: { file: learnerFile, line: error.line, column: error.column } });
    throw error;
  }
  const spec = resolveSweepSpec(exercise.sweep, learnerSweep, new Validator(learnerSweep ? label : `${exercise.id}/exercise.json`, 'settings'));
  const fixed = Object.keys(spec.vary).find((name) => (exercise.locked as string[]).includes(name));
  if (fixed) throw new DlxError('settings', `${label}: this exercise fixes "${fixed}", so the sweep cannot vary it. Vary another setting, or a model parameter.`);
  let learnerSeed: number | undefined;
  try {
    const experiment = readExportedLiteral(source, 'experiment')?.value as { seed?: unknown } | undefined;
    if (typeof experiment?.seed === 'number' && Number.isInteger(experiment.seed) && experiment.seed >= 0) learnerSeed = experiment.seed;
  } catch {
    // Not plain data: the trainer reads it; the sweep starts from the exercise's seed.
  }
  const exerciseSeed = exercise.defaults.seed;
  const baseSeed = seed ?? (exercise.locked.includes('seed') ? exerciseSeed : learnerSeed ?? exerciseSeed) ?? 1;
  return { spec, baseSeed };
}
