// An exercise's checks: run checks on one finished run, sweep checks on a whole sweep.
export { CHECK_KINDS, defaultCheckName, evaluateCheck, isTrainerCheck, parseCheck, type CheckSpec, type RunFacts, type TrainerCheckSpec } from './run';
export { isCheckpointCheck, type CheckpointCheck } from './checkpoints';
export {
  SWEEP_CHECK_KINDS, defaultSweepCheckName, evaluateSweepCheck, whereText,
  type SweepCheckSpec, type SweepFacts, type SweepMetricChoice, type SweepStatName, type SweepWhere,
} from './sweep';
export { parseSweepCheck } from './parseSweep';
