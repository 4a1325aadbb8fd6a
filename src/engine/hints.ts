// Which hint a stuck learner sees next. An exercise has ladders of hints: its own (the
// "exercise" ladder) and one per check that carries hints. Hints are revealed one at a time and
// stay revealed; the counts per ladder are the learner's progress (.dlx/progress.json).
//
// The order: asked about a failing check, its own ladder first, then the exercise's; asked in
// general, the exercise's ladder first, then the ladders of the failing checks in step order.
import { defaultCheckName, defaultSweepCheckName } from './checks';
import { defaultFunctionCheckName } from './functions';
import type { Hint } from './guidance';
import { isSweepExercise, type Exercise } from './pack';

export const EXERCISE_LADDER = 'exercise';
export const checkLadder = (index: number): string => `check:${index}`;

/** A check as the learner meets it: its name, the README step it belongs to and its hints, at its index in the exercise. */
export interface GuidedCheck {
  index: number;
  name: string;
  step?: number;
  hints: Hint[];
}

/** The checks that decide the exercise (a sweep exercise's are its sweep checks), in the order exercise.json lists them. */
export function guidedChecks(exercise: Pick<Exercise, 'kind' | 'checks' | 'sweepChecks' | 'functionChecks'>): GuidedCheck[] {
  const named = exercise.kind === 'function'
    ? exercise.functionChecks.map((check) => ({ spec: check, name: check.name ?? defaultFunctionCheckName(check) }))
    : isSweepExercise(exercise)
    ? exercise.sweepChecks.map((check) => ({ spec: check, name: check.name ?? defaultSweepCheckName(check) }))
    : exercise.checks.map((check) => ({ spec: check, name: check.name ?? defaultCheckName(check) }));
  return named.map(({ spec, name }, index) => ({ index, name, ...(spec.step === undefined ? {} : { step: spec.step }), hints: spec.hints ?? [] }));
}

/** Instruction order: by README step (a check without one after those with), ties in exercise.json's order. */
export function inStepOrder<T extends { step?: number }>(checks: readonly T[]): T[] {
  return checks.map((check, i) => ({ check, i })).sort((a, b) => (a.check.step ?? Infinity) - (b.check.step ?? Infinity) || a.i - b.i).map(({ check }) => check);
}

/** The README heading "## Step N: …" (0-based line, its text without the hashes); undefined when there is none. */
export function stepHeading(readme: string, step: number): { line: number; text: string } | undefined {
  const pattern = new RegExp(`^##\\s+(Step\\s+${step}\\b.*)$`, 'i');
  const lines = readme.split(/\r?\n/);
  const line = lines.findIndex((text) => pattern.test(text));
  return line < 0 ? undefined : { line, text: pattern.exec(lines[line])![1].trim() };
}

/** A check's result beside its README step, in instruction order; results and checks share their indices. */
export function resultsInStepOrder<R>(exercise: Pick<Exercise, 'kind' | 'checks' | 'sweepChecks' | 'functionChecks'>, results: readonly R[]): { index: number; step?: number; result: R }[] {
  const steps = guidedChecks(exercise);
  return inStepOrder(results.map((result, index) => ({ index, ...(steps[index]?.step === undefined ? {} : { step: steps[index].step }), result })));
}

export interface RevealedHint {
  ladder: string;
  /** "the exercise" or the check's name. */
  about: string;
  /** 0-based position in its ladder, and the ladder's length. */
  index: number;
  of: number;
  hint: Hint;
}

export type RevealedCounts = Readonly<Record<string, number>>;

function ladders(exercise: Pick<Exercise, 'kind' | 'checks' | 'sweepChecks' | 'functionChecks' | 'hints'>): { key: string; about: string; hints: Hint[] }[] {
  const own = exercise.hints.length > 0 ? [{ key: EXERCISE_LADDER, about: 'the exercise', hints: exercise.hints }] : [];
  const checks = inStepOrder(guidedChecks(exercise)).filter((check) => check.hints.length > 0);
  return [...own, ...checks.map((check) => ({ key: checkLadder(check.index), about: check.name, hints: check.hints }))];
}

/** Every hint revealed so far, ladder by ladder, each in its order. */
export function revealedHints(exercise: Pick<Exercise, 'kind' | 'checks' | 'sweepChecks' | 'functionChecks' | 'hints'>, revealed: RevealedCounts): RevealedHint[] {
  return ladders(exercise).flatMap(({ key, about, hints }) => hints.slice(0, revealed[key] ?? 0).map((hint, index) => ({ ladder: key, about, index, of: hints.length, hint })));
}

/**
 * The next hint to reveal, undefined when every hint that applies is shown. `fromCheck`: the
 * index of the check the learner asked about; `failing`: indices of the checks failing now.
 */
export function nextHint(exercise: Pick<Exercise, 'kind' | 'checks' | 'sweepChecks' | 'functionChecks' | 'hints'>, revealed: RevealedCounts, options: { fromCheck?: number; failing?: readonly number[] } = {}): RevealedHint | undefined {
  const all = ladders(exercise);
  const byKey = new Map(all.map((ladder) => [ladder.key, ladder]));
  const failing = new Set(options.failing ?? []);
  const order = options.fromCheck !== undefined
    ? [checkLadder(options.fromCheck), EXERCISE_LADDER]
    : [EXERCISE_LADDER, ...all.filter((ladder) => ladder.key !== EXERCISE_LADDER && failing.has(Number(ladder.key.slice('check:'.length)))).map((ladder) => ladder.key)];
  for (const key of order) {
    const ladder = byKey.get(key);
    const shown = revealed[key] ?? 0;
    if (ladder && shown < ladder.hints.length) return { ladder: key, about: ladder.about, index: shown, of: ladder.hints.length, hint: ladder.hints[shown] };
  }
  return undefined;
}
