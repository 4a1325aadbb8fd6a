// The trainer's side of a function exercise, as a function of messages (like core.ts for models):
// load the learner file, call its exports with the host's arguments, and send back plain values.
// Nothing here decides a verdict: the host compares the values (src/host/functionRun.ts).
import { activateBackend } from '../engine/backends';
import { toRunError } from '../engine/errors';
import { callText, type CallOutcome, type CallRequest, type CallValue, type FunctionCall, type TrainingCall } from '../engine/functions';
import { compileLearnerFile, evaluateLearnerExports, learnerError, type CompiledLearnerFile } from '../engine/learner';
import { tf, tfc } from '../engine/tf';
import type { SandboxState } from '../engine/results';
import type { TrainerToHost } from './protocol';
import { trainCurve, TrainingStopped, type UpdateRule } from './trainsCall';

export interface FunctionCoreOptions {
  send(message: TrainerToHost): void;
  /** How this process confines learner code; in-process calls have no sandbox. */
  sandbox?: SandboxState;
}

const IN_PROCESS: SandboxState = { on: false, reason: 'the calls are made in the calling process, not in a trainer child', memoryWatch: { on: false, reason: 'no trainer child to watch' } };

/** More numbers than this in one returned value is not a value a check can use. */
const MAX_ELEMENTS = 1_000_000;
const MAX_DEPTH = 16;

/** What a value that is not data was, for the host's message ("a function", "undefined"...). */
function unsupported(value: unknown): CallValue {
  if (value === undefined) return { unsupported: 'undefined' };
  if (typeof value === 'function') return { unsupported: 'a function' };
  if (value instanceof Promise) return { unsupported: 'a Promise (write the function without async)' };
  return { unsupported: `a ${typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value}` };
}

/** The value as plain data; tensors become nested arrays of numbers. */
export function toCallValue(value: unknown, budget = { left: MAX_ELEMENTS }, depth = 0): CallValue {
  if (depth > MAX_DEPTH) return { unsupported: `a value nested more than ${MAX_DEPTH} levels deep` };
  if (--budget.left < 0) return { unsupported: `a value of more than ${MAX_ELEMENTS} numbers` };
  if (typeof value === 'number') return Number.isFinite(value) ? value : { nonFinite: String(value) as 'NaN' | 'Infinity' | '-Infinity' };
  if (typeof value === 'boolean' || typeof value === 'string' || value === null) return value;
  if (value instanceof tfc.Tensor) {
    if (value.isDisposed) return { unsupported: 'a disposed tensor' };
    return toCallValue(value.arraySync(), budget, depth + 1);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return toCallValue(Array.from(value as unknown as ArrayLike<number>), budget, depth + 1);
  if (Array.isArray(value)) return value.map((item) => toCallValue(item, budget, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return { object: Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toCallValue(v, budget, depth + 1)])) };
  }
  return unsupported(value);
}

function exportKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

const YIELD_EVERY_MS = 40;

export function createFunctionCore(options: FunctionCoreOptions) {
  let cancelled = false;

  /** A `trains` call: the loss per epoch with the export as the update rule, or with tfjs's optimizer (the reference's side). */
  function trainOne(compiled: CompiledLearnerFile, exports: Record<string, unknown>, packDir: string, call: FunctionCall & { train: TrainingCall }): CallOutcome {
    const target = exports[call.export];
    if (!call.train.optimizer && typeof target !== 'function') return { error: { kind: 'exports', message: `\`${call.export}\` is ${exportKind(target)}, not a function` } };
    tf.engine().startScope();
    try {
      const rule = call.train.optimizer ? undefined : { fn: target as UpdateRule, name: call.export };
      return { value: toCallValue(trainCurve(call.train, packDir, compiled, rule)) };
    } catch (error) {
      // The curve up to the epoch that failed goes with the error: the panel draws it that far.
      const stopped = error instanceof TrainingStopped ? error : undefined;
      const runError = toRunError(learnerError(stopped ? stopped.failure : error, compiled, `training with ${call.export}`));
      return stopped?.losses.length ? { error: runError, partial: toCallValue(stopped.losses) } : { error: runError };
    } finally {
      tf.engine().endScope();
    }
  }

  function callOne(compiled: CompiledLearnerFile, exports: Record<string, unknown>, name: string, args: unknown[] | undefined): CallOutcome {
    const target = exports[name];
    if (args === undefined) return { value: toCallValue(target) };
    if (typeof target !== 'function') return { error: { kind: 'exports', message: `\`${name}\` is ${exportKind(target)}, not a function.` } };
    // Tensors the call creates are freed with its scope; a returned tensor is read first.
    tf.engine().startScope();
    try {
      return { value: toCallValue((target as (...a: unknown[]) => unknown)(...structuredClone(args))) };
    } catch (error) {
      return { error: toRunError(learnerError(error, compiled, `calling ${callText(name, args)}`)) };
    } finally {
      tf.engine().endScope();
    }
  }

  async function call(request: CallRequest): Promise<void> {
    await activateBackend('cpu');
    const compiled = await compileLearnerFile(request.learnerFile);
    const exports = evaluateLearnerExports(compiled, { log: (text) => options.send({ type: 'log', text }) });
    const found = Object.fromEntries(Object.entries(exports).filter(([name]) => name !== '__esModule').map(([name, value]) => [name, exportKind(value)]));
    const results: Record<string, CallOutcome> = {};
    let lastYield = Date.now();
    for (const call of request.calls) {
      const { id, export: name, args } = call;
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        // Let a cancel message in.
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
      if (cancelled) {
        options.send({ type: 'failed', error: { kind: 'crash', message: 'The run was stopped.' } });
        return;
      }
      // The reference's side of a `trains` check needs no export: tfjs's optimizer takes the steps.
      if (!(name in found) && !call.train?.optimizer) continue;
      // Sent before the call: if it never returns, the host can still say which input it was.
      options.send({ type: 'calling', id });
      results[id] = call.train ? trainOne(compiled, exports, request.exerciseDir, { ...call, train: call.train }) : callOne(compiled, exports, name, args);
    }
    options.send({ type: 'called', report: { exports: found, sandbox: options.sandbox ?? IN_PROCESS, results } });
  }

  async function handle(message: { type: 'call'; request: CallRequest } | { type: 'cancel' }): Promise<void> {
    if (message.type === 'cancel') {
      cancelled = true;
      return;
    }
    cancelled = false;
    try {
      await call(message.request);
    } catch (error) {
      options.send({ type: 'failed', error: toRunError(error) });
    }
  }

  return { handle };
}
