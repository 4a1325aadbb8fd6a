// What an exercise's status is, decided in one place for the Exercises view, the Test Explorer,
// the status bar and `.dlx/progress.json`: the verdict of its latest run (a sweep for a sweep
// exercise) in the four states of src/engine/attempt.ts, with "passed before" kept as progress.
// No `vscode` here, so the rules are unit-tested.
import type { Advice } from '../engine/advice';
import { attemptState } from '../engine/attempt';
import { isSweepExercise, type Exercise } from '../engine/pack';
import type { SweepResult } from '../engine/sweep';
import type { ExerciseProgress, ExerciseState, Progress } from '../host/runStore';
import type { FunctionPanelState, PanelSnapshot } from '../shared/panelProtocol';
import type { CheckResult, EpochMetrics, RunError, RunMetrics, Verification } from '../engine/results';
import { SWEEP_RECORDED_UNVERIFIED, verdictLine } from '../engine/verdict';

export type { ExerciseState } from '../host/runStore';

/** What a run or a sweep ended with: its checks and verdict, or the error that left it without. */
export interface Verdict {
  state: ExerciseState;
  checks?: CheckResult[];
  wallMs?: number;
  error?: RunError;
  /** Whether the checks were decided outside the learner's process (src/engine/verify.ts). */
  verification?: Verification;
  /** A single run's final metrics and its epochs (thinned as the panel keeps them): the Test Explorer's expected/actual. */
  metrics?: RunMetrics;
  epochs?: EpochMetrics[];
  /** What to try next (src/engine/advice.ts), shown with a verdict that is not a pass. */
  advice?: Advice[];
}

export interface ExerciseStatus {
  /** The latest verdict; undefined before the first one. */
  state?: ExerciseState;
  passedBefore: boolean;
  runs: number;
  /** The latest verdict is a pass the host could not verify (or one recorded before it verified runs). */
  unverifiedPass?: true;
}

/**
 * The verdict of a finished run; undefined when it says nothing about the exercise: a run the
 * learner stopped, or one run of a sweep exercise (its sweep decides). `unchangedStarter`: the
 * trained file still equals the starter (src/engine/attempt.ts).
 */
export function runVerdict(exercise: Exercise, snapshot: PanelSnapshot, unchangedStarter = false): Verdict | undefined {
  if (isSweepExercise(exercise)) return undefined;
  const result = snapshot.result;
  if (!snapshot.error && (!result || result.status === 'stopped')) return undefined;
  const state = attemptState({ unchangedStarter, error: Boolean(snapshot.error), passed: Boolean(result?.passed) });
  if (snapshot.error) return { state, error: snapshot.error };
  return { state, checks: result!.checks, wallMs: result!.wallMs, ...(result!.verification ? { verification: result!.verification } : {}), metrics: result!.metrics, epochs: snapshot.epochs, ...(result!.advice?.length ? { advice: result!.advice } : {}) };
}

/** The verdict of a function exercise's run (src/host/functionRun.ts). */
export function functionVerdict(state: FunctionPanelState): Verdict | undefined {
  if (state.error) return { state: 'error', error: state.error };
  const result = state.result;
  if (!result) return undefined;
  return { state: result.passed ? 'passing' : 'failing', checks: result.checks, wallMs: result.wallMs, verification: result.verification };
}

/** The verdict of a finished sweep; undefined for a sweep that was cancelled without an error. */
export function sweepVerdict(exercise: Exercise, sweep: SweepResult, unchangedStarter = false): Verdict | undefined {
  if (!isSweepExercise(exercise)) return undefined;
  if (!sweep.error && (sweep.status === 'cancelled' || !sweep.checks)) return undefined;
  const state = attemptState({ unchangedStarter, error: Boolean(sweep.error), passed: Boolean(sweep.passed) });
  if (sweep.error) return { state, error: sweep.error, wallMs: sweep.wallMs };
  return { state, checks: sweep.checks, wallMs: sweep.wallMs, verification: sweep.verification ?? SWEEP_RECORDED_UNVERIFIED };
}

/** What the Test Explorer says of an exercise's verdict: with what it rests on, a pass included, and what to try next. */
export function verdictMessage(verdict: Verdict): string {
  const line = verdict.checks ? `${verdictLine(verdict.checks, verdict.verification)}.` : verdict.error?.message ?? 'The run did not finish.';
  return [line, ...(verdict.advice ?? []).map((advice) => `Try next: ${advice.text}`)].join('\n');
}

/** An entry of progress.json; one written before statuses existed counts a pass as the latest verdict. */
export function statusFromProgress(entry: ExerciseProgress | undefined): ExerciseStatus {
  if (!entry) return { passedBefore: false, runs: 0 };
  const state = entry.status ?? (entry.passed ? 'passing' : undefined);
  return { state, passedBefore: entry.passed, runs: entry.runs, ...(state === 'passing' && entry.verification?.state !== 'verified' ? { unverifiedPass: true as const } : {}) };
}

export type StatusLook = 'passed' | 'failed' | 'error' | 'tried' | 'new';

/** The words and the look of a status: "passed", "failing — passed before", "error", "not attempted", "2 runs". */
export function describeStatus(status: ExerciseStatus): { text: string; look: StatusLook } {
  const before = status.passedBefore ? ' — passed before' : '';
  switch (status.state) {
    case 'passing': return { text: status.unverifiedPass ? 'passed (unverified)' : 'passed', look: 'passed' };
    case 'failing': return { text: `failing${before}`, look: 'failed' };
    case 'error': return { text: `error${before}`, look: 'error' };
    case 'notAttempted': return { text: `not attempted${before}`, look: 'new' };
  }
  if (status.runs > 0) return { text: `${status.runs} run${status.runs === 1 ? '' : 's'}`, look: 'tried' };
  return { text: '', look: 'new' };
}

function passedOnce(id: string, progress: Progress): boolean {
  const status = statusFromProgress(progress[id]);
  return status.passedBefore || status.state === 'passing';
}

/** "3 of 8 passed": exercises (by id: a pack and its bundled copy are one) passed at least once. */
export function overallProgress(exerciseIds: string[], progress: Progress): string {
  const ids = [...new Set(exerciseIds)];
  return `${ids.filter((id) => passedOnce(id, progress)).length} of ${ids.length} passed`;
}

/** A section's progress as the view shows it beside its title: "3/5" passed at least once. */
export function sectionProgress(exerciseIds: readonly string[], progress: Progress): string {
  return `${exerciseIds.filter((id) => passedOnce(id, progress)).length}/${exerciseIds.length}`;
}

/** The titles of an exercise's prerequisites not passed yet, in the order it lists them. */
export function pendingPrerequisites(exercise: Pick<Exercise, 'prerequisites'>, siblings: readonly Pick<Exercise, 'id' | 'title'>[], progress: Progress): string[] {
  return exercise.prerequisites.filter((id) => !passedOnce(id, progress)).map((id) => siblings.find((e) => e.id === id)?.title ?? id);
}
