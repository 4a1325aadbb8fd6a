// The one lifecycle of a trainer child process, for a single run and for a pool worker alike: a
// heap cap, a wall-clock limit per run, stderr kept to explain a crash, and a stop that ends the
// process within a second (SIGTERM after KILL_GRACE_MS, SIGKILL after twice that). Shared by the
// CLI and the extension host; learner code never runs in the caller.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onTrainerMessage, sendToTrainer } from '../trainer/ipc';
import type { RunError, TrainedModelReport } from '../engine/results';
import type { HostToTrainer, RunRequest, TrainerProbe, TrainerToHost } from '../trainer/protocol';
import type { CallReport, CallRequest } from '../engine/functions/types';
import { trainerEnvironment, trainerStartFlags } from './codeCache';
import { memoryWatchSupport, watchMemory } from './memoryWatch';
import { SANDBOX_STATE_ENV } from '../trainer/sandboxState';
import { sandboxFor, type SandboxPlan } from './sandbox';
import { adviseOutcome, AdviceWitness } from './adviseOutcome';
import { verifyOutcome } from './verifyOutcome';

/**
 * How a run ends: the trainer's own last message, or one the host writes in its place (a crash...).
 * `trained` is what the trainer reported of its model, for the verifier; a verified outcome may drop it.
 */
export type TrainerOutcome =
  | (Omit<Extract<TrainerToHost, { type: 'finished' }>, 'trained'> & { trained?: TrainedModelReport })
  | Extract<TrainerToHost, { type: 'failed' }>;
/** What a run reports before its end. */
export type TrainerUpdate = Exclude<TrainerToHost, TrainerOutcome>;

export interface TrainerLimits {
  memoryMb: number;
  timeoutSeconds: number;
}

export interface TrainerHandle {
  readonly pid: number | undefined;
  /** Settles once the process is gone. */
  readonly outcome: Promise<TrainerOutcome>;
  /** Asks the trainer to stop; it is killed if still there after KILL_GRACE_MS. */
  cancel(): void;
  /** Ends the trainer at once (SIGKILL), for when the caller itself is going away. */
  kill(): void;
}

/** SIGTERM after this, SIGKILL after twice this: gone within a second of a cancel. */
export const KILL_GRACE_MS = 450;

/** Why the host ends a trainer: the run is cancelled, its time is up, or an idle worker goes. */
export type StopReason = 'cancel' | 'timeout' | 'retire';

export function defaultTrainerPath(): string {
  return path.join(__dirname, 'trainer.js');
}

/** The error of a trainer bundle that is not there (not built, a broken install), if it is not. */
export function missingTrainerBundle(trainerPath: string): RunError | undefined {
  if (fs.existsSync(trainerPath)) return undefined;
  return { kind: 'environment', message: `The trainer bundle ${trainerPath} is missing. Run \`npm run build\` (or reinstall the extension).` };
}

/** One run in a child process of its own: it ends with the run. */
export function startTrainer(
  request: RunRequest,
  limits: TrainerLimits,
  onUpdate: (message: TrainerUpdate) => void,
  trainerPath = defaultTrainerPath(),
  /** Sees the run for its advice; passed in to read what the advice rules read (test/fixtures/advice/record.ts). */
  witness = new AdviceWitness(),
): TrainerHandle {
  const missing = missingTrainerBundle(trainerPath);
  if (missing) return { pid: undefined, outcome: Promise.resolve({ type: 'failed', error: missing }), cancel: () => undefined, kill: () => undefined };
  const trainer = new TrainerProcess(trainerPath, limits, sandboxFor(trainerPath, request));
  const outcome = trainer.run(request, (message) => {
    witness.see(message);
    onUpdate(message);
  }).then(async (end) => {
    // Verified while the process winds down (its exit takes tens of ms); settles once it is gone.
    const verified = adviseOutcome(verifyOutcome(request, end), end, witness);
    await trainer.exited;
    return verified;
  });
  return { pid: trainer.pid, outcome, cancel: () => trainer.stop('cancel'), kill: () => trainer.kill() };
}

interface CurrentRun {
  onUpdate: (message: TrainerUpdate) => void;
  resolve: (outcome: TrainerOutcome) => void;
  timer: NodeJS.Timeout;
}

export interface TrainerProcessOptions {
  /** A pool worker takes run after run; otherwise the process ends after its first. */
  reusable?: boolean;
  /** A reusable process is retired after this many runs. */
  maxRuns?: number;
  /** Called once the process is gone, after the run it had (if any) has its outcome. */
  onExit?: () => void;
}

export class TrainerProcess {
  private readonly child: ChildProcess;
  private current: CurrentRun | undefined;
  private stderrTail = '';
  private lastEpoch = 0;
  private reason: StopReason | undefined;
  private readonly killTimers: NodeJS.Timeout[] = [];
  private gone = false;
  /** Runs that ended with the trainer's own result or error. */
  private runs = 0;
  /** The memory watch ended it: its resident memory passed the limit. */
  private overMemory = false;
  readonly exited: Promise<void>;

  constructor(trainerPath: string, private readonly limits: TrainerLimits, sandbox: SandboxPlan, private readonly options: TrainerProcessOptions = {}) {
    const start = trainerStartFlags(trainerPath, limits.memoryMb);
    this.child = fork(trainerPath, [], {
      execArgv: [...start.execArgv, ...sandbox.execArgv],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...trainerEnvironment(),
        ...start.env,
        TF_CPP_MIN_LOG_LEVEL: '2',
        [SANDBOX_STATE_ENV]: JSON.stringify({ ...sandbox.state, memoryWatch: memoryWatchSupport() }),
        ...(options.reusable ? { DLX_TRAINER_POOL: '1' } : {}),
      },
    });
    // The heap cap leaves out ArrayBuffers, WebAssembly and native memory: cap the whole process too.
    if (this.child.pid !== undefined) {
      this.child.once('exit', watchMemory(this.child.pid, limits.memoryMb, () => {
        this.overMemory = true;
        this.signal('SIGKILL');
      }));
    }
    let markExited: () => void = () => undefined;
    this.exited = new Promise((resolve) => (markExited = resolve));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000)));
    onTrainerMessage(this.child, (message) => this.onMessage(message), (error) => {
      // A trainer that breaks the protocol cannot be trusted with another run.
      this.settle({ type: 'failed', error });
      this.kill();
    });
    const onGone = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (this.gone) return;
      this.gone = true;
      this.killTimers.forEach(clearTimeout);
      const error: RunError = spawnError
        ? { kind: 'crash', message: `The trainer process could not start: ${spawnError.message}` }
        : explainExit(code, signal, this.reason, this.lastEpoch, limits, this.stderrTail, this.overMemory);
      this.settle({ type: 'failed', error }, false);
      markExited();
      options.onExit?.();
    };
    this.child.on('exit', (code, signal) => onGone(code, signal));
    this.child.on('error', (error) => {
      // Only a failed spawn means there is no process; a failed send or kill is followed by 'exit'.
      if (this.child.pid === undefined) onGone(null, null, error);
      else this.signal('SIGKILL');
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Why the host is ending this process; unset while it may take runs. */
  get stopReason(): StopReason | undefined {
    return this.reason;
  }

  /** Starts a run (the process must not be busy); resolves with its result or its error, never rejects. */
  run(request: RunRequest, onUpdate: (message: TrainerUpdate) => void): Promise<TrainerOutcome> {
    return this.begin({ type: 'run', request }, onUpdate);
  }

  /**
   * A function exercise's calls (src/host/functionRun.ts): the report of their values, or why there is
   * none. `onCalling` hears each call as it starts, so that one that never returns can be named.
   */
  async call(request: CallRequest, onCalling: (id: string) => void, onLog: (text: string) => void): Promise<CallReport | RunError> {
    let report: CallReport | undefined;
    const end = await this.begin({ type: 'call', request }, (message) => {
      if (message.type === 'calling') onCalling(message.id);
      else if (message.type === 'called') report = message.report;
      else if (message.type === 'log') onLog(message.text);
    });
    return report ?? (end.type === 'failed' ? end.error : { kind: 'internal', message: 'The trainer trained instead of making the calls.' });
  }

  /** Asks the trainer to describe itself instead of training (`dlx doctor`); it exits after answering. */
  async probe(): Promise<TrainerProbe | RunError> {
    let probe: TrainerProbe | undefined;
    const end = await this.begin({ type: 'probe' }, (message) => {
      if (message.type === 'probed') probe = message.probe;
    });
    return probe ?? (end.type === 'failed' ? end.error : { kind: 'internal', message: 'The trainer trained instead of answering the probe.' });
  }

  private begin(message: HostToTrainer, onUpdate: (message: TrainerUpdate) => void): Promise<TrainerOutcome> {
    this.lastEpoch = 0;
    this.stderrTail = '';
    return new Promise((resolve) => {
      this.current = { onUpdate, resolve, timer: setTimeout(() => this.stop('timeout'), this.limits.timeoutSeconds * 1000) };
      sendToTrainer(this.child, message);
    });
  }

  /**
   * 'timeout': SIGTERM now, SIGKILL after KILL_GRACE_MS. 'cancel' and 'retire' first ask: a
   * one-run trainer gets `cancel` (it reports what it trained so far), a worker is disconnected
   * (it exits at its next turn of the event loop); then SIGTERM and SIGKILL follow.
   */
  stop(reason: StopReason): void {
    if (this.gone || this.reason === 'cancel' || this.reason === 'timeout' || (this.reason === 'retire' && reason === 'retire')) return;
    this.reason = reason;
    if (this.current) clearTimeout(this.current.timer);
    if (reason === 'timeout') {
      this.signal('SIGTERM');
      this.killTimers.push(setTimeout(() => this.signal('SIGKILL'), KILL_GRACE_MS));
      return;
    }
    if (this.child.connected) {
      if (reason === 'cancel' && !this.options.reusable) sendToTrainer(this.child, { type: 'cancel' });
      else this.child.disconnect();
    }
    this.killTimers.push(setTimeout(() => this.signal('SIGTERM'), KILL_GRACE_MS));
    this.killTimers.push(setTimeout(() => this.signal('SIGKILL'), 2 * KILL_GRACE_MS));
  }

  /** SIGKILL now: for when the caller itself is going away, or the trainer broke the protocol. */
  kill(): void {
    this.reason ??= 'cancel';
    this.signal('SIGKILL');
  }

  private onMessage(message: TrainerToHost): void {
    // After a cancel a one-run trainer still reports what it trained; any other stop ends the run here.
    const listening = this.reason === undefined || (this.reason === 'cancel' && !this.options.reusable);
    if (!this.current || !listening) return;
    if (message.type === 'finished' || message.type === 'failed') return this.settle(message);
    if (message.type === 'progress') this.lastEpoch = message.epochs[message.epochs.length - 1].epoch;
    this.current.onUpdate(message);
  }

  private settle(outcome: TrainerOutcome, fromTrainer = true): void {
    const run = this.current;
    if (!run) return;
    this.current = undefined;
    clearTimeout(run.timer);
    if (fromTrainer) this.runs++;
    run.resolve(outcome);
    if (!this.options.reusable || this.runs >= (this.options.maxRuns ?? Infinity)) this.stop('retire');
  }

  /** Sends `signal` unless the process has already ended. */
  private signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/** Why a trainer ended without a result, in the learner's terms. */
function explainExit(
  code: number | null,
  signal: NodeJS.Signals | null,
  stopReason: StopReason | undefined,
  lastEpoch: number,
  limits: TrainerLimits,
  stderr: string,
  endedByMemoryWatch: boolean,
): RunError {
  const progress = lastEpoch > 0 ? ` after epoch ${lastEpoch}` : ' before the first epoch finished';
  if (stopReason === 'timeout') {
    return { kind: 'timeout', message: `The run exceeded its time limit of ${limits.timeoutSeconds} s and was stopped${progress}. An endless loop in your code, or too many epochs for this limit?`, hint: 'The limit comes from the exercise; the editor setting dlExercises.limits.timeoutSeconds overrides it.' };
  }
  if (stopReason === 'cancel' || stopReason === 'retire') return { kind: 'crash', message: `The run was stopped${progress}.` };
  if (endedByMemoryWatch || /heap limit|out of memory|Allocation failed/i.test(stderr)) {
    return { kind: 'crash', message: `The trainer ran out of memory (limit ${limits.memoryMb} MB)${progress}. Does your code keep creating tensors or arrays in a loop?`, hint: 'Wrap tensor work in tf.tidy(), or raise dlExercises.limits.memoryMb.' };
  }
  if (signal) return { kind: 'crash', message: `The trainer crashed (${signal})${progress}. ${signal === 'SIGABRT' ? 'A native library aborted.' : ''}`.trim() };
  return { kind: 'crash', message: `The trainer exited with code ${code}${progress} without a result. Does your code call process.exit()?${stderr.trim() ? ` Its last words: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}` };
}
