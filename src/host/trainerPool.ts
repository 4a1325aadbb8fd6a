// A pool of long-lived trainer processes, for sweeps.
//
// Each worker is dist/trainer.js started as a reusable TrainerProcess: it takes run after run on
// its IPC channel, so process start-up (~150 ms) is paid once per worker, not once per run. The
// discipline is the one of every trainer (src/host/trainerProcess.ts): a heap cap per worker, a
// wall-clock limit per run, and a stop that ends every worker within a second. A run that crashes
// its worker (process.exit, out of memory, a native abort) or exceeds its time limit fails alone:
// the worker is replaced and the other runs go on. Learner code runs only in the workers; every
// finished run is verified in the host (verifyOutcome), as a single run is.
import type { RunError } from '../engine/results';
import type { RunRequest } from '../trainer/protocol';
import { sandboxFor, type SandboxPlan } from './sandbox';
import { defaultTrainerPath, missingTrainerBundle, TrainerProcess, type TrainerLimits, type TrainerOutcome, type TrainerUpdate } from './trainerProcess';
import { verifyOutcome } from './verifyOutcome';

export interface PoolOptions {
  /** Trainer processes at most (started as runs arrive). */
  workers: number;
  /** memoryMb: heap cap of each worker; timeoutSeconds: wall-clock limit of each run. A run may bring its own (`run`'s `limits`). */
  limits: TrainerLimits;
  trainerPath?: string;
  /** A worker is replaced after this many runs (a fresh heap now and then). Default 250. */
  maxRunsPerWorker?: number;
}

interface Job {
  request: RunRequest;
  limits: TrainerLimits;
  onUpdate: (message: TrainerUpdate) => void;
  onDispatch?: () => void;
  resolve: (outcome: TrainerOutcome) => void;
}

const workerKey = (sandbox: SandboxPlan, limits: TrainerLimits) => JSON.stringify({ sandbox, memoryMb: limits.memoryMb, timeoutSeconds: limits.timeoutSeconds });

const CANCELLED: RunError = { kind: 'crash', message: 'The sweep was stopped before this run started.' };

export class TrainerPool {
  private readonly workers = new Set<TrainerProcess>();
  private readonly keys = new WeakMap<TrainerProcess, string>();
  private readonly queue: Job[] = [];
  private readonly trainerPath: string;
  private cancelled = false;
  private closing = false;

  constructor(private readonly options: PoolOptions) {
    this.trainerPath = options.trainerPath ?? defaultTrainerPath();
  }

  /** Process ids of the live workers. */
  get pids(): number[] {
    return [...this.workers].map((worker) => worker.pid).filter((pid): pid is number => pid !== undefined);
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /**
   * Queues a run; resolves with its verified result or its error (never rejects). `onDispatch`: a
   * worker took it. `limits`: this run's, when they are not the pool's (grading several exercises).
   */
  run(request: RunRequest, onUpdate: (message: TrainerUpdate) => void = () => undefined, onDispatch?: () => void, limits = this.options.limits): Promise<TrainerOutcome> {
    if (this.cancelled || this.closing) return Promise.resolve({ type: 'failed', error: CANCELLED });
    const missing = missingTrainerBundle(this.trainerPath);
    if (missing) return Promise.resolve({ type: 'failed', error: missing });
    return new Promise((resolve) => {
      this.queue.push({ request, limits, onUpdate, onDispatch, resolve });
      this.pump();
    });
  }

  /** Stops everything: queued runs fail as cancelled, every worker is gone within a second. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    for (const job of this.queue.splice(0)) job.resolve({ type: 'failed', error: CANCELLED });
    for (const worker of this.workers) worker.stop('cancel');
    await Promise.all([...this.workers].map((worker) => worker.exited));
  }

  /** Ends the workers once their current runs are done; call when no more runs will come. */
  async close(): Promise<void> {
    this.closing = true;
    for (const worker of this.workers) if (!worker.busy) worker.stop('retire');
    await Promise.all([...this.workers].map((worker) => worker.exited));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.cancelled) {
      const { request, limits } = this.queue[0];
      const sandbox = sandboxFor(this.trainerPath, request);
      // A worker's heap cap is set when it starts: it takes only runs with its sandbox and its limits.
      const key = workerKey(sandbox, limits);
      let worker = [...this.workers].find((w) => !w.busy && !w.stopReason && this.keys.get(w) === key);
      if (!worker) {
        // Idle workers sandboxed for other files cannot take this run: they make room.
        for (const idle of this.workers) if (!idle.busy && !idle.stopReason) idle.stop('retire');
        if ([...this.workers].filter((w) => w.stopReason !== 'retire' || w.busy).length >= this.options.workers) return;
        worker = this.spawn(sandbox, limits);
        this.keys.set(worker, key);
      }
      this.assign(worker, this.queue.shift()!);
    }
    if (this.closing) for (const worker of this.workers) if (!worker.busy) worker.stop('retire');
  }

  private spawn(sandbox: SandboxPlan, limits: TrainerLimits): TrainerProcess {
    const worker: TrainerProcess = new TrainerProcess(this.trainerPath, limits, sandbox, {
      reusable: true,
      maxRuns: this.options.maxRunsPerWorker ?? 250,
      onExit: () => {
        this.workers.delete(worker);
        this.pump();
      },
    });
    this.workers.add(worker);
    return worker;
  }

  private assign(worker: TrainerProcess, job: Job): void {
    job.onDispatch?.();
    void worker.run(job.request, job.onUpdate).then((outcome) => {
      // The worker takes its next run while the host verifies this one.
      this.pump();
      job.resolve(verifyOutcome(job.request, outcome));
    });
  }
}
