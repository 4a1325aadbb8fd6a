// Starts one trainer child process per run and guarantees it ends: on result, cancel, timeout
// or crash. Shared by the CLI and the extension host; learner code never runs in the caller.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunError, RunRequest, RunResult, TrainerToHost } from '../trainer/protocol';
import { memoryWatchSupport, watchMemory } from './memoryWatch';
import { sandboxFor, SANDBOX_STATE_ENV, type SandboxPlan } from './sandbox';

export type TrainerOutcome = { type: 'finished'; result: RunResult } | { type: 'failed'; error: RunError };

export interface TrainerLimits {
  memoryMb: number;
  timeoutSeconds: number;
}

export interface TrainerHandle {
  readonly pid: number | undefined;
  readonly outcome: Promise<TrainerOutcome>;
  /** Asks the trainer to stop; it is killed if still there after KILL_GRACE_MS. */
  cancel(): void;
  /** Ends the trainer at once (SIGKILL), for when the caller itself is going away. */
  kill(): void;
}

/** SIGTERM after this, SIGKILL after twice this: gone within a second of a cancel. */
export const KILL_GRACE_MS = 450;

export function defaultTrainerPath(): string {
  return path.join(__dirname, 'trainer.js');
}

export function startTrainer(
  request: RunRequest,
  limits: TrainerLimits,
  onMessage: (message: TrainerToHost) => void,
  trainerPath = defaultTrainerPath(),
): TrainerHandle {
  if (!fs.existsSync(trainerPath)) {
    const error: RunError = { kind: 'environment', message: `The trainer bundle ${trainerPath} is missing. Run \`npm run build\` (or reinstall the extension).` };
    return { pid: undefined, outcome: Promise.resolve({ type: 'failed', error }), cancel: () => undefined, kill: () => undefined };
  }
  const child = forkTrainer(trainerPath, limits, sandboxFor(trainerPath, request));
  let stderrTail = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString()).slice(-4000)));

  let settled: TrainerOutcome | undefined;
  let stopReason: 'cancel' | 'timeout' | undefined;
  let lastEpoch = 0;
  const timers: NodeJS.Timeout[] = [];
  const terminate = () => {
    timers.push(setTimeout(() => killTrainer(child, 'SIGTERM'), KILL_GRACE_MS));
    timers.push(setTimeout(() => killTrainer(child, 'SIGKILL'), 2 * KILL_GRACE_MS));
  };

  const outcome = new Promise<TrainerOutcome>((resolve) => {
    child.on('message', (message: TrainerToHost) => {
      if (message.type === 'progress') lastEpoch = message.epochs[message.epochs.length - 1]?.epoch ?? lastEpoch;
      if (message.type === 'finished' || message.type === 'failed') {
        settled = message.type === 'finished' ? { type: 'finished', result: message.result } : { type: 'failed', error: message.error };
      }
      onMessage(message);
    });
    child.on('exit', (code, signal) => {
      timers.forEach(clearTimeout);
      resolve(settled ?? { type: 'failed', error: explainExit(code, signal, stopReason, lastEpoch, limits, stderrTail, exceededMemory(child)) });
    });
    child.on('error', (error) => {
      resolve({ type: 'failed', error: { kind: 'crash', message: `The trainer process could not start: ${error.message}` } });
    });
  });

  timers.push(setTimeout(() => {
    stopReason = 'timeout';
    killTrainer(child, 'SIGTERM');
    timers.push(setTimeout(() => killTrainer(child, 'SIGKILL'), KILL_GRACE_MS));
  }, limits.timeoutSeconds * 1000));
  child.send({ type: 'run', request });

  return {
    pid: child.pid,
    outcome,
    cancel() {
      if (stopReason || child.exitCode !== null || child.signalCode !== null) return;
      stopReason = 'cancel';
      if (child.connected) child.send({ type: 'cancel' });
      terminate();
    },
    kill() {
      stopReason ??= 'cancel';
      killTrainer(child, 'SIGKILL');
    },
  };
}

/** A trainer child with the memory caps and its sandbox, stderr kept for explanations, IPC for the protocol. */
export function forkTrainer(trainerPath: string, limits: TrainerLimits, sandbox: SandboxPlan, env: Record<string, string> = {}): ChildProcess {
  const memoryWatch = memoryWatchSupport();
  const child = fork(trainerPath, [], {
    execArgv: [`--max-old-space-size=${limits.memoryMb}`, ...sandbox.execArgv],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', [SANDBOX_STATE_ENV]: JSON.stringify({ ...sandbox.state, memoryWatch }), ...env },
  });
  // The heap cap leaves out ArrayBuffers, WebAssembly and native memory: cap the whole process too.
  if (child.pid !== undefined) {
    child.once('exit', watchMemory(child.pid, limits.memoryMb, () => {
      overMemory.add(child);
      killTrainer(child, 'SIGKILL');
    }));
  }
  return child;
}

const overMemory = new WeakSet<ChildProcess>();

/** Whether the memory watch ended this trainer. */
export function exceededMemory(child: ChildProcess): boolean {
  return overMemory.has(child);
}

/** Sends `signal` unless the process has already ended. */
export function killTrainer(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

/** Why a trainer ended without a result, in the learner's terms. */
export function explainExit(
  code: number | null,
  signal: NodeJS.Signals | null,
  stopReason: 'cancel' | 'timeout' | 'retire' | undefined,
  lastEpoch: number,
  limits: TrainerLimits,
  stderr: string,
  endedByMemoryWatch = false,
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
