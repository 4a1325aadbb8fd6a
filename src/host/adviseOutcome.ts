// A single run's advice (src/engine/advice.ts), decided in the host from what the trainer
// reported: its settings and model (`started`), its epochs (`progress`) and its trained output
// layer. Added to the result after the verifier's verdict, which it never changes.
import { adviseRun, type AdviceInput } from '../engine/advice';
import type { EpochMetrics } from '../engine/results';
import type { RunStarted } from '../trainer/protocol';
import type { TrainerOutcome, TrainerUpdate } from './trainerProcess';

/** What a run showed on the way, for its advice at the end. */
export class AdviceWitness {
  started?: RunStarted;
  readonly epochs: EpochMetrics[] = [];
  /** What the advice was computed from, once the run ended. */
  input?: AdviceInput;

  see(message: TrainerUpdate): void {
    if (message.type === 'started') this.started = message.run;
    // One by one, not push(...epochs): a batch of a fast run's epochs may outnumber the arguments a call takes.
    if (message.type === 'progress') for (const epoch of message.epochs) this.epochs.push(epoch);
  }
}

/** What the advice rules read of a finished run; undefined for a run that failed or never started. */
export function adviceInputOf(verified: TrainerOutcome, reported: TrainerOutcome, witness: AdviceWitness): AdviceInput | undefined {
  if (verified.type !== 'finished' || !witness.started) return undefined;
  const trained = reported.type === 'finished' && reported.trained && 'layers' in reported.trained ? reported.trained.layers : undefined;
  const { settings, task, model } = witness.started;
  const { status, epochs, metrics } = verified.result;
  const outputActivation = model.outputActivation ?? trained?.[trained.length - 1]?.activation;
  return { settings, task, model, epochs: witness.epochs, result: { status, epochs, metrics }, ...(outputActivation ? { outputActivation } : {}) };
}

/** `verified`: the outcome after verification; `reported`: the trainer's, with its trained layers. */
export function adviseOutcome(verified: TrainerOutcome, reported: TrainerOutcome, witness: AdviceWitness): TrainerOutcome {
  const input = adviceInputOf(verified, reported, witness);
  if (!input || verified.type !== 'finished') return verified;
  witness.input = input;
  return { ...verified, result: { ...verified.result, advice: adviseRun(input) } };
}
