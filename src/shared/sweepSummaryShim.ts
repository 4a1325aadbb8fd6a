// Replaced by engine/sweep's updateSweepSummary at merge.
import { summarizeSweep, type SweepResult, type SweepRunResult, type SweepSpec, type SweepSummary } from '../engine/sweep';

/** The summary of `sweep`, whose runs end with `added`, from the summary before `added` arrived. */
export function updateSweepSummary(
  _previous: SweepSummary | undefined,
  sweep: Pick<SweepResult, 'axes' | 'outcome' | 'threshold' | 'runs'> & { spec?: Pick<SweepSpec, 'along'> },
  _added: SweepRunResult,
): SweepSummary {
  return summarizeSweep(sweep);
}
