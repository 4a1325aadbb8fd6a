// What the webview (browser code, webview/src) may use of the engine and the trainer protocol.
// The webview imports only src/shared/: this file is its one door to them, listed name by name,
// so that nothing with Node, a child process or the file system ends up in the panel's bundle.
//
// Types are erased at build time, so any type is safe here. The functions are safe because each
// is a pure computation on plain data (no I/O, no globals), checked one by one:
// - describeOutcome, formatOutcome, isFractionOutcome: the outcome's name and number as text;
// - predictionMatches, sameValue: compare shapes and setting values;
// all from src/engine/sweep.ts, which says of itself that it is pure; verificationNote (what a
// verdict rests on, in words) from src/engine/verdict.ts, which imports nothing but types;
// - scalingOf: a CSV recipe's column scaling, from src/engine/dataRecipes.ts (pure, validate types only).
// - describeOptimizer: the optimizer's values as text, from src/engine/optimizers.ts (pure). The bundler takes the whole
// file and what it imports (the spec parser: engine/experiment, validate, errors): plain code too,
// never called by the panel.
export {
  describeOutcome,
  formatOutcome,
  isFractionOutcome,
  predictionMatches,
  sameValue,
  type ObservedShape,
  type OutcomeName,
  type SweepAxis,
  type SweepAxisSpec,
  type SweepCurve,
  type SweepGrid,
  type SweepPointSummary,
  type SweepResult,
  type SweepRunResult,
  type SweepShape,
  type SweepSummary,
  type SweepValue,
} from '../engine/sweep';
export { scalingOf } from '../engine/dataRecipes';
export { describeOptimizer } from '../engine/optimizers';
export type { DataRecipe, NormalizeMethod, TaskKind } from '../engine/settings';
export { SWEEP_RECORDED_UNVERIFIED, verificationNote } from '../engine/verdict';
export type { Backend, CheckResult, EpochMetrics, ErrorKind, Evaluation, RunError, RunResult, SplitMetrics } from '../engine/results';
export type { RunStarted } from '../trainer/protocol';
// Function exercises: types, and numberText (a number as a message shows it) from
// src/engine/functions/values.ts, which is pure and imports only types.
export type { FunctionCurve, FunctionPath, FunctionRunResult, FunctionSweepResult, FunctionTraining } from '../engine/functions/types';
export { numberText } from '../engine/functions/values';
