// The function view's data, shaped for drawing: the function over its domain, the path coloured
// by step, the heatmap's colour positions, the value per step. No DOM: unit-tested in
// test/webview/functionChartData.test.ts.
import { numberText, type FunctionCurve, type FunctionPath, type FunctionSweepResult, type FunctionTraining } from '../../../src/shared/engineView';
import type { Point } from '../common/chartData';

/** Where step k of n sits on the step colour scale: 0 at the start, 1 at the end. */
export function stepPosition(k: number, steps: number): number {
  return steps <= 0 ? 1 : k / steps;
}

/** At most `max` of a path's indices, evenly spaced, the first and the last kept. */
export function shownSteps(count: number, max = 400): number[] {
  if (count <= max) return Array.from({ length: count }, (_, k) => k);
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) picked.add(Math.round((i * (count - 1)) / (max - 1)));
  return [...picked];
}

/** A 1-D curve (f or its derivative) as chart points, gaps where the reference had no value. */
export function curvePoints(xs: readonly number[], ys: readonly (number | null)[]): Point[] {
  return xs.map((x, i) => ({ x, y: ys[i] ?? NaN }));
}

/** The path's points as (x, value) for the 1-D chart, or (x, y) for the 2-D map, with the step of each. */
export function pathDots(path: FunctionPath): (Point & { step: number })[] {
  const steps = path.points.length - 1;
  return shownSteps(path.points.length).map((k) => {
    const point = path.points[k];
    return point.length === 1 ? { x: point[0], y: path.values[k] ?? NaN, step: k / Math.max(1, steps) } : { x: point[0], y: point[1], step: k / Math.max(1, steps) };
  });
}

/** The objective along the path, one point per step. */
export function valuePerStep(path: FunctionPath): Point[] {
  return shownSteps(path.points.length, 1000).map((k) => ({ x: k, y: path.values[k] ?? NaN }));
}

export interface HeatmapGrid {
  /** Row-major from the top (the highest y) down: what a canvas draws first. */
  cells: (number | null)[][];
  xRange: [number, number];
  yRange: [number, number];
  min: number;
  max: number;
}

/** A 2-D function's grid (rows bottom to top in the curve) as a heatmap, top row first. */
export function heatmapOf(curve: Extract<FunctionCurve, { dimensions: 2 }>): HeatmapGrid {
  const finite = curve.f.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    cells: [...curve.f].reverse(),
    xRange: [curve.xs[0], curve.xs[curve.xs.length - 1]],
    yRange: [curve.ys[0], curve.ys[curve.ys.length - 1]],
    min: finite.length ? Math.min(...finite) : 0,
    max: finite.length ? Math.max(...finite) : 1,
  };
}

/** A sweep over two parameters as a heatmap of the final values: rows the first parameter (its first value on top). */
export function sweepHeatmap(sweep: FunctionSweepResult): HeatmapGrid & { rows: number[]; columns: number[] } {
  const [rows, columns] = sweep.axes;
  const cells = rows.values.map((_, r) => columns.values.map((_, c) => sweep.points[r * columns.values.length + c]?.value ?? null));
  const finite = cells.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    cells, rows: rows.values, columns: columns.values,
    xRange: [0, columns.values.length], yRange: [0, rows.values.length],
    min: finite.length ? Math.min(...finite) : 0, max: finite.length ? Math.max(...finite) : 1,
  };
}

/** A cell value's place on the colour scale (0 lowest, 1 highest); NaN for no value. */
export function colorPosition(value: number | null, min: number, max: number): number {
  if (value === null || !Number.isFinite(value)) return NaN;
  return max > min ? (value - min) / (max - min) : 0.5;
}

/** The canvas pixel of a domain point, y up. */
export function toPixel(x: number, y: number, grid: Pick<HeatmapGrid, 'xRange' | 'yRange'>, width: number, height: number): [number, number] {
  const [x0, x1] = grid.xRange;
  const [y0, y1] = grid.yRange;
  return [((x - x0) / (x1 - x0)) * width, height - ((y - y0) / (y1 - y0)) * height];
}

/** A `trains` check's loss curves for one chart: the learner's rule ("your optimizer", when it trained) and tfjs's, one point per epoch. */
export function trainingSeries(training: FunctionTraining): { label: string; mine: boolean; points: Point[] }[] {
  const series = (label: string, mine: boolean, losses: number[] | null) => (losses ? [{ label, mine, points: losses.map((y, x) => ({ x, y })) }] : []);
  return [...series('your optimizer', true, training.learner), ...series(training.optimizer, false, training.reference)];
}

/** What the training chart shows, in words: the network, both final losses, or why the learner's curve is missing. */
export function trainingNote(training: FunctionTraining): string {
  const final = (losses: number[] | null) => (losses?.length ? numberText(losses[losses.length - 1]) : '-');
  const finals = training.error
    ? `Final loss: ${training.optimizer} ${final(training.reference)}. Your training stopped${training.learner ? ` in epoch ${training.learner.length}` : ''}: ${training.error}`
    : `Final loss: your optimizer ${final(training.learner)}, ${training.optimizer} ${final(training.reference)}.`;
  return `${training.model[0].toUpperCase()}${training.model.slice(1)}, both from the same start (red line: your optimizer; blue band: ${training.optimizer}). ${finals}`;
}
