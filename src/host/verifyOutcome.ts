// Where a single run's verdict is decided: in the host, by the verifier (src/engine/verify.ts), from
// what the trainer reported and the learner file read as text. Learner code never runs here.
import * as fs from 'node:fs';
import { loadExercise } from '../engine/pack';
import { verifyRun } from '../engine/verify';
import type { RunRequest } from '../trainer/protocol';
import type { TrainerOutcome } from './trainerProcess';

/** The outcome with the verifier's verdict; a failed run stays as it is. */
export function verifyOutcome(request: RunRequest, outcome: TrainerOutcome): TrainerOutcome {
  if (outcome.type !== 'finished') return outcome;
  const { trained, ...end } = outcome;
  try {
    const result = verifyRun({
      exercise: loadExercise(request.exerciseDir),
      learnerSource: fs.readFileSync(request.learnerFile, 'utf8'),
      request: { seed: request.seed, epochs: request.epochs, overrides: request.overrides, dataFields: request.dataFields },
      reported: end.result,
      trained,
    });
    return { ...end, result };
  } catch (error) {
    // Never a pass on the trainer's word: the verdict stays the trainer's, marked as such.
    return { ...end, result: { ...end.result, verification: { state: 'unverified', reason: `the verifier could not check this run: ${(error as Error).message}` } } };
  }
}
