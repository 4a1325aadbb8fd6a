// Aggregating a sweep's runs: per setting, per axis value, overall, on the grid, and the shape along one setting.
import { classifyShape, shapeTolerance, spearman } from './shape';
import type { OutcomeName, SweepAxis, SweepGrid, SweepPointSummary, SweepResult, SweepRunResult, SweepRunStatus, SweepSpec, SweepStats, SweepSummary, SweepValue } from './types';

export function stats(outcomes: (number | null)[], threshold: number | undefined, options: { failed?: number; reachFraction?: boolean } = {}): SweepStats {
  const values = outcomes.filter((value): value is number => value !== null && Number.isFinite(value));
  const n = values.length;
  const mean = n ? values.reduce((sum, value) => sum + value, 0) / n : null;
  const std = n === 0 ? null : n === 1 ? 0 : Math.sqrt(values.reduce((sum, value) => sum + (value - mean!) ** 2, 0) / (n - 1));
  let fractionAbove: number | null = null;
  if (options.reachFraction) fractionAbove = outcomes.length ? n / outcomes.length : null;
  else if (threshold !== undefined && n > 0) fractionAbove = values.filter((value) => value > threshold).length / n;
  return {
    runs: outcomes.length + (options.failed ?? 0),
    n,
    failed: options.failed ?? 0,
    mean,
    std,
    min: n ? Math.min(...values) : null,
    max: n ? Math.max(...values) : null,
    fractionAbove,
  };
}

const counted = (run: SweepRunResult) => run.status === 'completed' || run.status === 'diverged';

/**
 * Stats over a set of runs: completed and diverged runs count; failed, stopped and cancelled do not.
 * `value` picks another number per run than its outcome (see runValue).
 */
export function statsOfRuns(runs: SweepRunResult[], outcome: OutcomeName, threshold: number | undefined, value?: (run: SweepRunResult) => number | null): SweepStats {
  const used = runs.filter(counted);
  return stats(used.map((run) => (value ? value(run) : run.outcome)), threshold, { failed: runs.length - used.length, reachFraction: !value && outcome === 'epochsToThreshold' });
}

export function sameValue(a: SweepValue, b: SweepValue): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)));
}

/** Aggregates a sweep's runs per setting, per axis value and overall, and classifies the shape. */
export function summarizeSweep(result: Pick<SweepResult, 'axes' | 'outcome' | 'threshold' | 'runs'> & { spec?: Pick<SweepSpec, 'along'> }): SweepSummary {
  const { axes, outcome, threshold, runs } = result;
  let points: Record<string, SweepValue>[] = [{}];
  for (const axis of axes) points = points.flatMap((point) => axis.values.map((value) => ({ ...point, [axis.name]: value })));
  const pointSummaries = points.map((values, point): SweepPointSummary => {
    const own = runs.filter((run) => axes.every((axis) => sameValue(run.values[axis.name], values[axis.name])));
    const parameters = own.find((run) => run.parameters !== undefined)?.parameters;
    return { point, values, ...statsOfRuns(own, outcome, threshold), ...(parameters !== undefined ? { parameters } : {}) };
  });
  const marginals: Record<string, SweepPointSummary[]> = {};
  for (const axis of axes) {
    marginals[axis.name] = axis.values.map((value, point) => ({
      point,
      values: { [axis.name]: value },
      ...statsOfRuns(runs.filter((run) => sameValue(run.values[axis.name], value)), outcome, threshold),
    }));
  }
  let grid: SweepGrid | undefined;
  if (axes.length === 2) {
    const [rows, columns] = axes;
    const cell = (i: number, j: number) => pointSummaries[i * columns.values.length + j];
    grid = {
      rows: rows.name,
      columns: columns.name,
      rowValues: rows.values,
      columnValues: columns.values,
      mean: rows.values.map((_, i) => columns.values.map((__, j) => cell(i, j).mean)),
      fractionAbove: rows.values.map((_, i) => columns.values.map((__, j) => cell(i, j).fractionAbove)),
      n: rows.values.map((_, i) => columns.values.map((__, j) => cell(i, j).n)),
    };
  }
  const counts: Record<SweepRunStatus, number> = { completed: 0, stopped: 0, diverged: 0, failed: 0, cancelled: 0 };
  for (const run of runs) counts[run.status]++;
  const sized = runs.filter((run) => counted(run) && run.parameters !== undefined && run.outcome !== null);
  const sizes = sized.map((run) => run.parameters!);
  const parameters = sizes.length > 0 && Math.min(...sizes) !== Math.max(...sizes)
    ? { min: Math.min(...sizes), max: Math.max(...sizes), rho: spearman(sizes, sized.map((run) => run.outcome!)), runs: sized.length }
    : undefined;
  const along = result.spec?.along ?? axes[0]?.name ?? '';
  const line = marginals[along] ?? [];
  const alongAxis = axes.find((axis) => axis.name === along);
  return {
    outcome,
    threshold,
    axes,
    points: pointSummaries,
    marginals,
    overall: statsOfRuns(runs, outcome, threshold),
    grid,
    shape: {
      ...classifyShape(alongAxis ? outcomesAlong(runs, alongAxis) : [], { tolerance: shapeTolerance(outcome, line.map((p) => p.mean)) }),
      along,
    },
    counts,
    ...(parameters ? { parameters } : {}),
  };
}

/** The outcomes of the counted runs at each value of `axis` (pooled over any other axis). */
export function outcomesAlong(runs: SweepRunResult[], axis: SweepAxis): number[][] {
  return axis.values.map((value) => runs
    .filter((run) => counted(run) && run.outcome !== null && sameValue(run.values[axis.name], value))
    .map((run) => run.outcome!));
}

/**
 * The summary after `added` joined the sweep (`sweep.runs` ends with it), equal to
 * `summarizeSweep(sweep)`; `previous` is the summary before it.
 */
export function updateSweepSummary(
  previous: SweepSummary | undefined,
  sweep: Pick<SweepResult, 'axes' | 'outcome' | 'threshold' | 'runs'> & { spec?: Pick<SweepSpec, 'along'> },
  added: SweepRunResult,
): SweepSummary {
  void previous;
  void added;
  return summarizeSweep(sweep);
}
