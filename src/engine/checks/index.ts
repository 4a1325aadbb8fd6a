// An exercise's checks: run checks on one finished run, sweep checks on a whole sweep.
export { CHECK_KINDS, defaultCheckName, evaluateCheck, parseCheck, type CheckSpec, type RunFacts } from './run';
export {
  SWEEP_CHECK_KINDS, defaultSweepCheckName, evaluateSweepCheck, whereText,
  type SweepCheckSpec, type SweepFacts, type SweepMetricChoice, type SweepStatName, type SweepWhere,
} from './sweep';
export { parseSweepCheck } from './parseSweep';
