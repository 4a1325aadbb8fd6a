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

/** The outcomes of the counted runs at each value of `axis` (pooled over any other axis). */
export function outcomesAlong(runs: SweepRunResult[], axis: SweepAxis): number[][] {
  return axis.values.map((value) => runs
    .filter((run) => counted(run) && run.outcome !== null && sameValue(run.values[axis.name], value))
    .map((run) => run.outcome!));
}

/** `points` given: a random search's settings drawn (each run names its own by `point`); else every combination of the axes. */
type SummarizedSweep = Pick<SweepResult, 'axes' | 'outcome' | 'threshold' | 'runs' | 'points'> & { spec?: Pick<SweepSpec, 'along'> };

/**
 * An append-only list that successive summaries share: each sees its first `length` items, so
 * extending the newest one pushes in place and extending an older one copies.
 */
interface Log<T> {
  items: T[];
  length: number;
}

function itemsOf<T>(log: Log<T>): T[] {
  return log.items.length === log.length ? log.items : log.items.slice(0, log.length);
}

function appended<T>(log: Log<T>, item: T): Log<T> {
  const items = itemsOf(log);
  items.push(item);
  return { items, length: log.length + 1 };
}

/** A group of runs as statsOfRuns sees them: the counted runs' outcomes in run order, and the rest. */
interface Tally {
  outcomes: Log<number | null>;
  failed: number;
}

const emptyTally = (): Tally => ({ outcomes: { items: [], length: 0 }, failed: 0 });

function tallied(tally: Tally, run: SweepRunResult): Tally {
  return counted(run) ? { outcomes: appended(tally.outcomes, run.outcome), failed: tally.failed } : { outcomes: tally.outcomes, failed: tally.failed + 1 };
}

function statsOfTally(tally: Tally, outcome: OutcomeName, threshold: number | undefined): SweepStats {
  return stats(itemsOf(tally.outcomes), threshold, { failed: tally.failed, reachFraction: outcome === 'epochsToThreshold' });
}

/** What a summary is made from, kept beside it so the next run folds in without reading the others. */
interface SummaryState {
  axes: SweepAxis[];
  outcome: OutcomeName;
  threshold: number | undefined;
  along: string;
  runs: number;
  /** A random search: the points are the settings drawn, not the combinations of the axes. */
  drawn: boolean;
  pointValues: Record<string, SweepValue>[];
  points: { tally: Tally; parameters?: number }[];
  /** Per axis, per value of it. */
  marginals: Tally[][];
  overall: Tally;
  counts: Record<SweepRunStatus, number>;
  /** Counted runs with a model size and an outcome. */
  sizes: Log<number>;
  sizedOutcomes: Log<number>;
}

/** Which summary entries a run changed. */
interface Touched {
  points: number[];
  /** Per axis, the indices of the run's value. */
  values: number[][];
}

const states = new WeakMap<SweepSummary, SummaryState>();

function emptyState(sweep: SummarizedSweep): SummaryState {
  const { axes } = sweep;
  let pointValues: Record<string, SweepValue>[] = [{}];
  if (sweep.points) pointValues = sweep.points;
  else for (const axis of axes) pointValues = pointValues.flatMap((point) => axis.values.map((value) => ({ ...point, [axis.name]: value })));
  return {
    axes,
    outcome: sweep.outcome,
    threshold: sweep.threshold,
    along: alongOf(sweep),
    runs: 0,
    drawn: sweep.points !== undefined,
    pointValues,
    points: pointValues.map(() => ({ tally: emptyTally() })),
    marginals: axes.map((axis) => axis.values.map(emptyTally)),
    overall: emptyTally(),
    counts: { completed: 0, stopped: 0, diverged: 0, failed: 0, cancelled: 0 },
    sizes: { items: [], length: 0 },
    sizedOutcomes: { items: [], length: 0 },
  };
}

function alongOf(sweep: SummarizedSweep): string {
  return sweep.spec?.along ?? sweep.axes[0]?.name ?? '';
}

/** Folds one run into the state, in place; a grid's points are row-major (first axis outer), as in the plan. */
function addRun(state: SummaryState, run: SweepRunResult): Touched {
  const values = state.axes.map((axis) => axis.values.flatMap((value, i) => (sameValue(run.values[axis.name], value) ? [i] : [])));
  let points = [0];
  if (state.drawn) points = run.point >= 0 && run.point < state.points.length ? [run.point] : [];
  else {
    state.axes.forEach((axis, a) => {
      points = points.flatMap((point) => values[a].map((i) => point * axis.values.length + i));
    });
  }
  for (const point of points) {
    const { tally, parameters } = state.points[point];
    const known = parameters ?? run.parameters;
    state.points[point] = { tally: tallied(tally, run), ...(known !== undefined ? { parameters: known } : {}) };
  }
  values.forEach((indices, a) => {
    for (const i of indices) state.marginals[a][i] = tallied(state.marginals[a][i], run);
  });
  state.overall = tallied(state.overall, run);
  state.counts[run.status]++;
  if (counted(run) && run.parameters !== undefined && run.outcome !== null) {
    state.sizes = appended(state.sizes, run.parameters);
    state.sizedOutcomes = appended(state.sizedOutcomes, run.outcome);
  }
  state.runs++;
  return { points, values };
}

/** A copy whose entries can be replaced without changing the original's. */
function copied(state: SummaryState): SummaryState {
  return { ...state, points: [...state.points], marginals: state.marginals.map((tallies) => [...tallies]), counts: { ...state.counts } };
}

function sameAxes(a: SweepAxis[], b: SweepAxis[]): boolean {
  return a === b || (a.length === b.length && a.every((axis, i) => axis.name === b[i].name && axis.values.length === b[i].values.length
    && axis.values.every((value, j) => value === b[i].values[j])));
}

/** The summary of the state; entries `reuse.touched` leaves out are taken from `reuse.previous`. */
function summaryOf(state: SummaryState, sweep: SummarizedSweep, reuse?: { previous: SweepSummary; touched: Touched }): SweepSummary {
  const { axes, outcome, threshold } = sweep;
  const pointSummaries = state.points.map(({ tally, parameters }, point): SweepPointSummary => {
    if (reuse && !reuse.touched.points.includes(point)) return reuse.previous.points[point];
    return { point, values: state.pointValues[point], ...statsOfTally(tally, outcome, threshold), ...(parameters !== undefined ? { parameters } : {}) };
  });
  const marginals: Record<string, SweepPointSummary[]> = {};
  axes.forEach((axis, a) => {
    marginals[axis.name] = axis.values.map((value, point) => (reuse && !reuse.touched.values[a].includes(point)
      ? reuse.previous.marginals[axis.name][point]
      : { point, values: { [axis.name]: value }, ...statsOfTally(state.marginals[a][point], outcome, threshold) }));
  });
  let grid: SweepGrid | undefined;
  if (axes.length === 2 && !state.drawn) {
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
  const sizes = itemsOf(state.sizes);
  const smallest = Math.min(...sizes);
  const largest = Math.max(...sizes);
  const parameters = sizes.length > 0 && smallest !== largest
    ? { min: smallest, max: largest, rho: spearman(sizes, itemsOf(state.sizedOutcomes)), runs: sizes.length }
    : undefined;
  const along = state.along;
  const line = marginals[along] ?? [];
  const alongIndex = axes.findIndex((axis) => axis.name === along);
  const groups = alongIndex < 0 ? [] : state.marginals[alongIndex].map((tally) => itemsOf(tally.outcomes).filter((value): value is number => value !== null));
  const summary: SweepSummary = {
    outcome,
    ...(state.drawn ? { search: 'random' as const } : {}),
    threshold,
    axes,
    points: pointSummaries,
    marginals,
    overall: statsOfTally(state.overall, outcome, threshold),
    grid,
    shape: { ...classifyShape(groups, { tolerance: shapeTolerance(outcome, line.map((p) => p.mean)) }), along },
    counts: { ...state.counts },
    ...(parameters ? { parameters } : {}),
  };
  states.set(summary, state);
  return summary;
}

/** Aggregates a sweep's runs per setting, per axis value and overall, and classifies the shape. */
export function summarizeSweep(sweep: SummarizedSweep): SweepSummary {
  const state = emptyState(sweep);
  for (const run of sweep.runs) addRun(state, run);
  return summaryOf(state, sweep);
}

/**
 * The summary after `added` joined the sweep (`sweep.runs` ends with it: one run, or several in
 * their order), equal to `summarizeSweep(sweep)`. From a `previous` this module made for the runs
 * before, it reads no run but the added ones and recomputes only the entries they changed (their
 * settings, their axis values, the overall stats, the shape) once for all of them: the shape
 * sorts every outcome, so a batch of runs costs one shape, not one per run. Otherwise it
 * summarizes the whole sweep.
 */
export function updateSweepSummary(previous: SweepSummary | undefined, sweep: SummarizedSweep, added: SweepRunResult | readonly SweepRunResult[]): SweepSummary {
  const runs: readonly SweepRunResult[] = Array.isArray(added) ? added : [added as SweepRunResult];
  if (runs.length === 0 && previous) return previous;
  const state = previous && states.get(previous);
  const first = sweep.runs.length - runs.length;
  const consistent = state && state.runs === first && runs.every((run, i) => sweep.runs[first + i] === run)
    && state.outcome === sweep.outcome && state.threshold === sweep.threshold && state.along === alongOf(sweep)
    && state.points.length === previous.points.length && sameAxes(state.axes, sweep.axes) && state.drawn === (sweep.points !== undefined);
  if (!consistent) return summarizeSweep(sweep);
  const next = copied(state);
  const touched: Touched = { points: [], values: state.axes.map(() => []) };
  for (const run of runs) {
    const changed = addRun(next, run);
    touched.points.push(...changed.points);
    changed.values.forEach((indices, a) => touched.values[a].push(...indices));
  }
  return summaryOf(next, sweep, { previous, touched });
}
