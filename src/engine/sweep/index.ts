// Parametric experiments ("sweeps"): the same experiment run over a list, a range or a grid of
// settings, each setting repeated with different seeds, and one outcome measured per run.
//
// Pure (no Node, no DOM): the CLI, the extension host and the webview panel all import it.
// spec: parse and merge specs; plan: expand them into runs; outcome: what a run contributes;
// summary: aggregate runs; shape: classify the outcome's shape; literal: read a learner's export.
export type { ExpandOptions, SweepQuick } from './plan';
export type {
  ObservedShape, OutcomeName, SweepAxis, SweepAxisSpec, SweepCurve, SweepGrid, SweepPlan, SweepPlanRun, SweepPointSummary,
  SweepPrediction, SweepRange, SweepResult, SweepRunResult, SweepRunSettings, SweepRunStatus, SweepSearch, SweepShape, SweepSpec,
  SweepSpecInput, SweepStats, SweepSummary, SweepValue, SweepableSetting, ThresholdMetric,
} from './types';
export { MAX_CURVE_POINTS, MAX_RANDOM_AXES, OUTCOME_NAMES, SWEEPABLE_SETTINGS, SWEEP_SEARCHES, SWEEP_SHAPES } from './types';
export { parseSweepSpec, resolveSweepSpec } from './spec';
export { axisTarget, DATA_FIELD_PREFIX, expandAxis, expandSweep, thinValues } from './plan';
export { createRunRecorder, describeOutcome, formatOutcome, isFractionOutcome, missingDevSetReason, outcomeOf, runValue, thinCurve } from './outcome';
export { outcomesAlong, sameValue, stats, statsOfRuns, summarizeSweep, updateSweepSummary } from './summary';
export { classifyShape, isBimodal, predictionMatches, shapeTolerance, spearman } from './shape';
export { readExportedLiteral, readSweepLiteral, SweepLiteralError } from './literal';
