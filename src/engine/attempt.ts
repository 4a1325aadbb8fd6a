// The four states of an exercise, as Kaggle's learntools names them: a learner file still equal
// to the starter is "not attempted" (not a failure), one that does not load is an "error", else
// the checks decide. The Exercises view, the Test Explorer and `dlx run --json` all ask here.
import * as fs from 'node:fs';
import { stepHeading } from './hints';
import type { Exercise } from './pack';

export type AttemptState = 'notAttempted' | 'error' | 'failing' | 'passing';
export const ATTEMPT_STATES: readonly AttemptState[] = ['notAttempted', 'error', 'failing', 'passing'];

/** Line endings and whitespace at the ends of lines and of the file do not count as an edit. */
export function normalizeSource(text: string): string {
  return text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd()).join('\n').trim();
}

export function isUnchangedStarter(learnerText: string, starterText: string): boolean {
  return normalizeSource(learnerText) === normalizeSource(starterText);
}

/**
 * `unchangedStarter` wins over a run's outcome: the starter is meant to fail its checks, and a
 * learner who has not begun is told where to, not that they are wrong.
 */
export function attemptState(outcome: { unchangedStarter: boolean; error: boolean; passed: boolean }): AttemptState {
  if (outcome.unchangedStarter) return 'notAttempted';
  if (outcome.error) return 'error';
  return outcome.passed ? 'passing' : 'failing';
}

/** Where a learner who has not begun starts: the first step heading of the README, else its top. */
export function whereToBegin(readmeText: string, learnerFileName: string): string {
  const step = stepHeading(readmeText, 1);
  const start = step ? `"${step.text}" in the instructions` : 'the instructions';
  return `Not attempted yet: ${learnerFileName} is still the starter. Begin with ${start}, edit ${learnerFileName}, then run it again.`;
}

function readIfPresent(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether the file a run trained still equals the exercise's starter; a file that cannot be read is not. */
export function fileIsUnchangedStarter(exercise: Pick<Exercise, 'starter'>, file: string | undefined): boolean {
  const learner = file === undefined ? undefined : readIfPresent(file);
  const starter = readIfPresent(exercise.starter);
  return learner !== undefined && starter !== undefined && isUnchangedStarter(learner, starter);
}

/** whereToBegin for an exercise, from its README (without one, the message still names the file to edit). */
export function whereToBeginIn(exercise: Pick<Exercise, 'instructions' | 'learnerFileName'>): string {
  return whereToBegin(readIfPresent(exercise.instructions) ?? '', exercise.learnerFileName);
}
