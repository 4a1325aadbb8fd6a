// A pool of long-lived trainer processes for sweeps, and the sweep runner on top of it.
//
// Each worker is dist/trainer.js started with DLX_TRAINER_POOL=1: it takes run after run on its
// IPC channel, so process start-up (~150 ms) is paid once per worker, not once per run. The
// discipline is the one of src/host/trainerProcess.ts: a heap cap per worker, a wall-clock limit
// per run, and a stop that ends every worker within a second (disconnect, then SIGTERM after
// KILL_GRACE_MS, then SIGKILL after twice that). A run that crashes its worker (process.exit, out
// of memory, a native abort) or exceeds its time limit fails alone: the worker is replaced and the
// other runs go on. Learner code runs only in the workers, never here.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { evaluateSweepCheck } from '../engine/checks';
import { DlxError } from '../engine/errors';
import type { Exercise } from '../engine/pack';
import {
  createRunRecorder, expandSweep, parseSweepSpec, readExportedLiteral, readSweepLiteral, resolveSweepSpec, summarizeSweep, SweepLiteralError,
  type SweepSpecInput, type SweepPlan, type SweepPlanRun, type SweepPrediction, type SweepQuick, type SweepResult, type SweepRunResult, type SweepSpec,
} from '../engine/sweep';
import { Validator } from '../engine/validate';
import type { BackendChoice, RunError, RunRequest, TrainerToHost } from '../trainer/protocol';
import { hashFile } from './runStore';
import { sandboxFor, type SandboxPlan } from './sandbox';
import { defaultTrainerPath, exceededMemory, explainExit, forkTrainer, KILL_GRACE_MS, killTrainer as kill, type TrainerLimits, type TrainerOutcome } from './trainerProcess';

export interface PoolOptions {
  /** Trainer processes at most (started as runs arrive). */
  workers: number;
  /** memoryMb: heap cap of each worker; timeoutSeconds: wall-clock limit of each run. */
  limits: TrainerLimits;
  trainerPath?: string;
  /** A worker is replaced after this many runs (a fresh heap now and then). Default 250. */
  maxRunsPerWorker?: number;
}

interface Job {
  request: RunRequest;
  onMessage: (message: TrainerToHost) => void;
  onDispatch?: () => void;
  resolve: (outcome: TrainerOutcome) => void;
}

interface Worker {
  child: ChildProcess;
  job?: Job;
  runs: number;
  stderrTail: string;
  lastEpoch: number;
  /** Why we are ending it; unset for an unexpected exit. */
  stopReason?: 'cancel' | 'timeout' | 'retire';
  runTimer?: NodeJS.Timeout;
  killTimers: NodeJS.Timeout[];
  exited: Promise<void>;
  /** Its sandbox plan (JSON): it takes only runs that get the same one. */
  sandbox: string;
}

const CANCELLED: RunError = { kind: 'crash', message: 'The sweep was stopped before this run started.' };

export class TrainerPool {
  private readonly workers = new Set<Worker>();
  private readonly queue: Job[] = [];
  private readonly trainerPath: string;
  private cancelled = false;
  private closing = false;

  constructor(private readonly options: PoolOptions) {
    this.trainerPath = options.trainerPath ?? defaultTrainerPath();
  }

  /** Process ids of the live workers. */
  get pids(): number[] {
    return [...this.workers].map((worker) => worker.child.pid).filter((pid): pid is number => pid !== undefined);
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** Queues a run; resolves with its result or its error (never rejects). `onDispatch`: a worker took it. */
  run(request: RunRequest, onMessage: (message: TrainerToHost) => void = () => undefined, onDispatch?: () => void): Promise<TrainerOutcome> {
    if (this.cancelled || this.closing) return Promise.resolve({ type: 'failed', error: CANCELLED });
    if (!fs.existsSync(this.trainerPath)) {
      return Promise.resolve({ type: 'failed', error: { kind: 'environment', message: `The trainer bundle ${this.trainerPath} is missing. Run \`npm run build\` (or reinstall the extension).` } });
    }
    return new Promise((resolve) => {
      this.queue.push({ request, onMessage, onDispatch, resolve });
      this.pump();
    });
  }

  /** Stops everything: queued runs fail as cancelled, every worker is gone within a second. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    for (const job of this.queue.splice(0)) job.resolve({ type: 'failed', error: CANCELLED });
    for (const worker of this.workers) this.stop(worker, 'cancel');
    await Promise.all([...this.workers].map((worker) => worker.exited));
  }

  /** Ends the workers once their current runs are done; call when no more runs will come. */
  async close(): Promise<void> {
    this.closing = true;
    for (const worker of this.workers) if (!worker.job) this.stop(worker, 'retire');
    await Promise.all([...this.workers].map((worker) => worker.exited));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.cancelled) {
      const sandbox = sandboxFor(this.trainerPath, this.queue[0].request);
      let worker = [...this.workers].find((w) => !w.job && !w.stopReason && w.sandbox === JSON.stringify(sandbox));
      if (!worker) {
        // Idle workers sandboxed for other files cannot take this run: they make room.
        for (const idle of this.workers) if (!idle.job && !idle.stopReason) this.stop(idle, 'retire');
        if ([...this.workers].filter((w) => w.stopReason !== 'retire' || w.job).length >= this.options.workers) return;
        worker = this.spawn(sandbox);
      }
      this.assign(worker, this.queue.shift()!);
    }
    if (this.closing) for (const worker of this.workers) if (!worker.job) this.stop(worker, 'retire');
  }

  private spawn(sandbox: SandboxPlan): Worker {
    const child = forkTrainer(this.trainerPath, this.options.limits, sandbox, { DLX_TRAINER_POOL: '1' });
    let markExited: () => void = () => undefined;
    const worker: Worker = { child, runs: 0, stderrTail: '', lastEpoch: 0, killTimers: [], exited: new Promise((resolve) => (markExited = resolve)), sandbox: JSON.stringify(sandbox) };
    this.workers.add(worker);
    child.stderr!.on('data', (chunk: Buffer) => (worker.stderrTail = (worker.stderrTail + chunk.toString()).slice(-4000)));
    child.on('message', (message: TrainerToHost) => this.onMessage(worker, message));
    let gone = false;
    const onGone = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (gone) return;
      gone = true;
      clearTimeout(worker.runTimer);
      worker.killTimers.forEach(clearTimeout);
      this.workers.delete(worker);
      const job = worker.job;
      worker.job = undefined;
      if (job) {
        const error = spawnError
          ? { kind: 'crash' as const, message: `The trainer process could not start: ${spawnError.message}` }
          : explainExit(code, signal, this.cancelled ? 'cancel' : worker.stopReason, worker.lastEpoch, this.options.limits, worker.stderrTail, exceededMemory(child));
        job.resolve({ type: 'failed', error });
      }
      markExited();
      this.pump();
    };
    child.on('exit', (code, signal) => onGone(code, signal));
    child.on('error', (error) => {
      // Only a failed spawn means there is no process; a failed send or kill is followed by 'exit'.
      if (child.pid === undefined) onGone(null, null, error);
      else kill(child, 'SIGKILL');
    });
    return worker;
  }

  private assign(worker: Worker, job: Job): void {
    worker.job = job;
    worker.lastEpoch = 0;
    worker.stderrTail = '';
    worker.runTimer = setTimeout(() => this.stop(worker, 'timeout'), this.options.limits.timeoutSeconds * 1000);
    job.onDispatch?.();
    worker.child.send({ type: 'run', request: job.request });
  }

  private onMessage(worker: Worker, message: TrainerToHost): void {
    const job = worker.job;
    if (!job || worker.stopReason) return;
    if (message.type === 'progress') worker.lastEpoch = message.epochs[message.epochs.length - 1]?.epoch ?? worker.lastEpoch;
    job.onMessage(message);
    if (message.type === 'finished' || message.type === 'failed') {
      clearTimeout(worker.runTimer);
      worker.job = undefined;
      worker.runs++;
      job.resolve(message.type === 'finished' ? { type: 'finished', result: message.result } : { type: 'failed', error: message.error });
      if (worker.runs >= (this.options.maxRunsPerWorker ?? 250)) this.stop(worker, 'retire');
      this.pump();
    }
  }

  /** Disconnect (the worker exits at its next turn of the event loop), then SIGTERM, then SIGKILL. */
  private stop(worker: Worker, reason: 'cancel' | 'timeout' | 'retire'): void {
    if (worker.stopReason === 'cancel' || worker.stopReason === 'timeout') return;
    if (worker.stopReason === 'retire' && reason === 'retire') return;
    worker.stopReason = reason;
    clearTimeout(worker.runTimer);
    const { child } = worker;
    if (reason === 'timeout') {
      kill(child, 'SIGTERM');
      worker.killTimers.push(setTimeout(() => kill(child, 'SIGKILL'), KILL_GRACE_MS));
      return;
    }
    if (child.connected) child.disconnect();
    worker.killTimers.push(setTimeout(() => kill(child, 'SIGTERM'), KILL_GRACE_MS));
    worker.killTimers.push(setTimeout(() => kill(child, 'SIGKILL'), 2 * KILL_GRACE_MS));
  }
}



// ------------------------------------------------------------------------------ sweep runner

/** One worker per CPU core: the pool's default. */
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
  const started = performance.now();
  const record: SweepResult = {
    version: 1,
    id: randomBytes(4).toString('hex'),
    exercise: exercise.id,
    learnerFile: options.learnerFile,
    learnerFileHash: hashFile(options.learnerFile),
    status: 'running',
    startedAt: Date.now(),
    workers: Math.max(1, Math.min(options.workers, plan.runs.length)),
    spec,
    quick: Boolean(options.quick),
    repeats: plan.spec.repeats,
    seeds: spec.seeds ?? 'perRepeat',
    baseSeed: options.baseSeed,
    axes: plan.axes,
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
      overrides: planned.overrides, modelParams: planned.modelParams,
    };
    let runStart = performance.now();
    const outcome = await pool.run(request, (message) => {
      if (message.type === 'started') {
        const s = message.run.settings;
        base.settings = { learningRate: s.learningRate, batchSize: s.batchSize, epochs: s.epochs, optimizer: s.optimizer, loss: s.loss, testFraction: s.testFraction, ...(s.momentum !== undefined ? { momentum: s.momentum } : {}) };
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
    const result = outcome.result;
    return {
      ...base,
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
    const all = await Promise.all(plan.runs.map(async (planned) => {
      const run = await runOne(planned);
      finishedRuns.push(run);
      options.onRun?.(run, finishedRuns.length, plan.runs.length);
      const firsts = finishedRuns.slice(0, FAIL_FAST_RUNS);
      if (!abortError && !pool.isCancelled && firsts.length === Math.min(FAIL_FAST_RUNS, plan.runs.length)
        && firsts.every((r) => r.status === 'failed' && r.error && FILE_WIDE_KINDS.has(r.error.kind) && r.error.message === firsts[0].error!.message)) {
        abortError = firsts[0].error;
        void pool.cancel();
      }
      return run;
    }));
    await pool.close();
    if (abortError) throw new DlxError(abortError.kind, abortError.message, { location: abortError.location, hint: abortError.hint });
    const runs = all.sort((a, b) => a.index - b.index);
    if (runs.length > 0 && runs.every((run) => run.status === 'failed')) {
      const error = runs[0].error!;
      throw new DlxError(error.kind, `Every run of the sweep failed. The first: ${error.message}`, { location: error.location, hint: error.hint });
    }
    const done: SweepResult = { ...record, runs, status: pool.isCancelled ? 'cancelled' : 'completed', finishedAt: Date.now(), wallMs: performance.now() - started };
    done.summary = summarizeSweep({ ...done, spec });
    done.checks = exercise.sweepChecks.map((check) => evaluateSweepCheck(check, { declared: spec, axes: plan.axes, runs, summary: done.summary!, quick: done.quick }));
    done.passed = done.status === 'completed' && done.checks.every((check) => check.passed);
    return done;
  })();

  return { plan, result, cancel: () => pool.cancel(), pids: () => pool.pids };
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
