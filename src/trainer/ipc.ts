// The IPC channel between the host and a trainer child, typed at both ends. A message is checked
// when it arrives: one that fails its guard is an internal error that says so, never a crash of
// the receiving process and never silently dropped.
import type { ChildProcess } from 'node:child_process';
import type { RunError } from '../engine/results';
import type { HostToTrainer, TrainerToHost } from './protocol';

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptional = (value: unknown, type: 'number' | 'object') => value === undefined || (type === 'object' ? isFields(value) : typeof value === type);

function isRequest(request: unknown): boolean {
  return isFields(request) && typeof request.exerciseDir === 'string' && typeof request.learnerFile === 'string' && typeof request.backend === 'string'
    && isOptional(request.seed, 'number') && isOptional(request.epochs, 'number') && isOptional(request.overrides, 'object') && isOptional(request.dataFields, 'object') && isOptional(request.modelParams, 'object')
    && (request.startFrom === undefined || (isFields(request.startFrom) && isArtifacts(request.startFrom.artifacts) && typeof request.startFrom.epoch === 'number' && typeof request.startFrom.resume === 'boolean'
      && isOptionalOptimizerState(request.startFrom.optimizerState)));
}

const isOptionalOptimizerState = (state: unknown) => state === undefined || (isFields(state) && (state.engine === 'fused' || state.engine === 'tfjs')
  && typeof state.optimizer === 'string' && typeof state.steps === 'number' && Array.isArray(state.scalars) && state.scalars.every((value) => typeof value === 'number')
  && Array.isArray(state.slots) && state.slots.every((slot) => isFields(slot) && typeof slot.name === 'string' && typeof slot.size === 'number') && typeof state.data === 'string');

const isArtifacts = (artifacts: unknown) => isFields(artifacts) && Array.isArray(artifacts.weightSpecs) && typeof artifacts.weightData === 'string'
  && (artifacts.modelTopology === null || isFields(artifacts.modelTopology));

/** The fields of a RunResult the host reads before verifying it (records read it too). */
export const isRunResult = (result: unknown): result is Fields => isFields(result) && typeof result.exercise === 'string' && typeof result.status === 'string'
  && isFields(result.metrics) && Array.isArray(result.checks) && typeof result.passed === 'boolean';

const isEpoch = (epoch: unknown) => isFields(epoch) && typeof epoch.epoch === 'number' && isFields(epoch.train);

// One payload check per tag: a tag added to the protocol without its check does not compile.
const HOST_TO_TRAINER: Record<HostToTrainer['type'], (message: Fields) => boolean> = {
  run: (message) => isRequest(message.request),
  cancel: () => true,
  probe: () => true,
  call: ({ request }) => isFields(request) && typeof request.exerciseDir === 'string' && typeof request.learnerFile === 'string'
    && Array.isArray(request.calls) && request.calls.every((call) => isFields(call) && typeof call.id === 'string' && typeof call.export === 'string' && (call.args === undefined || Array.isArray(call.args))
      && (call.train === undefined || (isFields(call.train) && isFields(call.train.model) && isFields(call.train.hyper)))),
};

const TRAINER_TO_HOST: Record<TrainerToHost['type'], (message: Fields) => boolean> = {
  started: ({ run }) => isFields(run) && typeof run.exercise === 'string' && isFields(run.settings) && typeof run.settings.epochs === 'number'
    && isFields(run.model) && Array.isArray(run.warnings),
  progress: ({ epochs }) => Array.isArray(epochs) && epochs.length > 0 && epochs.every(isEpoch),
  log: ({ text }) => typeof text === 'string',
  checkpoint: ({ checkpoint }) => isFields(checkpoint) && (checkpoint.kind === 'best' || checkpoint.kind === 'last') && typeof checkpoint.epoch === 'number' && isArtifacts(checkpoint.artifacts)
    && isOptionalOptimizerState(checkpoint.optimizerState),
  finished: ({ result, trained }) => isRunResult(result) && isFields(trained) && (Array.isArray(trained.layers) || typeof trained.unavailable === 'string'),
  failed: ({ error }) => isFields(error) && typeof error.kind === 'string' && typeof error.message === 'string',
  probed: ({ probe }) => isFields(probe) && typeof probe.node === 'string' && Array.isArray(probe.backends) && isFields(probe.sandbox),
  calling: ({ id }) => typeof id === 'string',
  called: ({ report }) => isFields(report) && isFields(report.exports) && isFields(report.results)
    && Object.values(report.results).every((outcome) => isFields(outcome) && ('value' in outcome || (isFields(outcome.error) && typeof outcome.error.message === 'string'))),
};

function follows<T extends { type: string }>(value: unknown, payloads: Record<T['type'], (message: Fields) => boolean>): value is T {
  if (!isFields(value) || typeof value.type !== 'string' || !Object.hasOwn(payloads, value.type)) return false;
  return payloads[value.type as T['type']](value);
}

export function isHostToTrainer(value: unknown): value is HostToTrainer {
  return follows<HostToTrainer>(value, HOST_TO_TRAINER);
}

export function isTrainerToHost(value: unknown): value is TrainerToHost {
  return follows<TrainerToHost>(value, TRAINER_TO_HOST);
}

/** The error for a message that failed its guard: a bug of ours, not of the learner's code. */
export function malformedMessage(sender: 'the host' | 'the trainer', message: unknown): RunError {
  const text = JSON.stringify(message) ?? String(message);
  return {
    kind: 'internal',
    message: `${sender === 'the host' ? 'The host' : 'The trainer'} sent a message that is not part of the protocol: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}. This is a bug in DL Exercises, not in your code.`,
  };
}

// ------------------------------------------------------------------------------ host side

export function sendToTrainer(child: ChildProcess, message: HostToTrainer): void {
  child.send(message);
}

export function onTrainerMessage(child: ChildProcess, onMessage: (message: TrainerToHost) => void, onMalformed: (error: RunError) => void): void {
  child.on('message', (message: unknown) => (isTrainerToHost(message) ? onMessage(message) : onMalformed(malformedMessage('the trainer', message))));
}

// --------------------------------------------------------------------------- trainer side

/** Resolves once the message is handed to the channel: a one-run trainer exits only after its last. */
export function sendToHost(message: TrainerToHost): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

/** A malformed message is answered with `failed`: the run the host waits for ends with the reason. */
export function onHostMessage(onMessage: (message: HostToTrainer) => void): void {
  process.on('message', (message: unknown) => {
    if (isHostToTrainer(message)) onMessage(message);
    else void sendToHost({ type: 'failed', error: malformedMessage('the host', message) });
  });
}
