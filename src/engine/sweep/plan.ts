// Expanding a sweep spec into its plan: the axes' values, every point, and one run per point and repeat.
//
// Seeds (`seeds` in the spec): the base seed is `--seed` or the experiment's seed.
// - 'perRepeat' (default): repeat r (0-based) of every setting uses seed `baseSeed + r`. Within one
//   repeat every setting starts from the same seed (the same data, split, shuffling and initial
//   weights where the model allows): the settings are compared on equal terms, and the repeats
//   show the spread over seeds.
// - 'perRun': run i (0-based, in plan order: repeat-major, settings in order) uses `baseSeed + i`,
//   so every run has its own initial weights, as when a notebook creates a fresh model per setting
//   in one loop. Use it when the question is how often a setting works.
//
// A random search (`search: 'random'`) draws `samples` settings, each axis independently: a list
// uniformly, a range `{ from, to }` uniformly or, with `scale: 'log'`, log-uniformly (the log of the
// value is uniform, as for learning rates). The draws come from the base seed alone, so the same
// seed gives the same settings, and the reduced sizes keep the first draws.

import type { ModelParams } from '../results';
import { createRng, deriveSeed } from '../rng';
import type { ExperimentSettings } from '../settings';
import { SWEEPABLE_SETTINGS, type SweepAxis, type SweepAxisSpec, type SweepPlan, type SweepPlanRun, type SweepSpec, type SweepValue } from './types';

/** Trims float noise (0.1 + 0.2) without changing meaningful digits. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** A grid's values of the axis; a range without count or step (random search) gives its two bounds. */
export function expandAxis(axis: SweepAxisSpec): SweepValue[] {
  if (Array.isArray(axis)) return [...axis];
  const { from, to, round } = axis;
  let values: number[];
  if (axis.step === undefined && axis.count === undefined) {
    values = from === to ? [from] : [from, to];
  } else if (axis.step !== undefined) {
    const count = Math.floor((to - from) / axis.step + 1e-9) + 1;
    values = Array.from({ length: count }, (_, i) => tidy(from + i * axis.step!));
  } else {
    const count = axis.count!;
    values = Array.from({ length: count }, (_, i) => {
      if (count === 1) return from;
      const t = i / (count - 1);
      return tidy(axis.scale === 'log' ? from * (to / from) ** t : from + t * (to - from));
    });
  }
  if (round) values = [...new Set(values.map((value) => Math.round(value)))];
  return values;
}

/** At most `max` values, evenly spaced over the list, first and last kept (dlx validate's reduced sizes). */
export function thinValues<T>(values: T[], max: number): T[] {
  if (max >= values.length) return [...values];
  if (max <= 1) return [values[0]];
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) picked.add(Math.round((i * (values.length - 1)) / (max - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => values[i]);
}

export interface ExpandOptions {
  baseSeed: number;
  /** Reduced sizes (dlx validate): at most this many values per axis (or per named axis), and this many repeats. */
  quick?: SweepQuick;
}

export interface SweepQuick {
  maxValues?: number | Record<string, number>;
  repeats?: number;
  /** A random search's draws (the first ones of the full sweep). */
  samples?: number;
}

/** One draw from an axis of a random search. */
function drawValue(axis: SweepAxisSpec, uniform: () => number): SweepValue {
  if (Array.isArray(axis)) return axis[Math.min(axis.length - 1, Math.floor(uniform() * axis.length))];
  const { from, to } = axis;
  const u = uniform();
  const value = axis.scale === 'log' ? from * (to / from) ** u : from + u * (to - from);
  return axis.round ? Math.round(value) : tidy(value);
}

/** The drawn values of one axis, distinct: a list's in its order, numbers ascending. */
function drawnValues(axis: SweepAxisSpec, drawn: SweepValue[]): SweepValue[] {
  if (Array.isArray(axis)) return axis.filter((value) => drawn.includes(value));
  return [...new Set(drawn as number[])].sort((a, b) => a - b);
}

function randomPoints(spec: SweepSpec, options: ExpandOptions): { axes: SweepAxis[]; points: Record<string, SweepValue>[] } {
  const uniform = createRng(deriveSeed(options.baseSeed, 'search'));
  const samples = Math.min(spec.samples ?? 1, options.quick?.samples ?? Infinity);
  const names = Object.keys(spec.vary);
  const points = Array.from({ length: samples }, () => Object.fromEntries(names.map((name) => [name, drawValue(spec.vary[name], uniform)])));
  const axes = names.map((name): SweepAxis => ({ name, target: axisTarget(name), values: drawnValues(spec.vary[name], points.map((point) => point[name])) }));
  return { axes, points };
}

function gridPoints(spec: SweepSpec, options: ExpandOptions): { axes: SweepAxis[]; points: Record<string, SweepValue>[] } {
  const axes: SweepAxis[] = Object.entries(spec.vary).map(([name, axis]) => {
    const values = expandAxis(axis);
    const limit = options.quick?.maxValues;
    const max = typeof limit === 'number' ? limit : limit?.[name];
    return { name, target: axisTarget(name), values: max ? thinValues(values, max) : values };
  });
  let points: Record<string, SweepValue>[] = [{}];
  for (const axis of axes) points = points.flatMap((point) => axis.values.map((value) => ({ ...point, [axis.name]: value })));
  return { axes, points };
}

/** The prefix of an axis (or `--set`) name that varies a field of the data recipe: `data.slope`. */
export const DATA_FIELD_PREFIX = 'data.';

export function axisTarget(name: string): SweepAxis['target'] {
  if (name.startsWith(DATA_FIELD_PREFIX)) return 'data';
  return (SWEEPABLE_SETTINGS as readonly string[]).includes(name) ? 'overrides' : 'modelParams';
}

export function expandSweep(spec: SweepSpec, options: ExpandOptions): SweepPlan {
  const { axes, points } = spec.search === 'random' ? randomPoints(spec, options) : gridPoints(spec, options);
  const repeats = Math.min(spec.repeats, options.quick?.repeats ?? spec.repeats);
  const runs: SweepPlanRun[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    points.forEach((values, point) => {
      const overrides: Record<string, unknown> = {};
      const dataFields: Record<string, SweepValue> = {};
      const modelParams: ModelParams = {};
      for (const axis of axes) {
        if (axis.target === 'data') dataFields[axis.name.slice(DATA_FIELD_PREFIX.length)] = values[axis.name];
        else (axis.target === 'overrides' ? overrides : modelParams)[axis.name] = values[axis.name];
      }
      const seed = spec.seeds === 'perRun' ? options.baseSeed + runs.length : options.baseSeed + repeat;
      runs.push({ index: runs.length, point, repeat, seed, values, overrides: overrides as Partial<ExperimentSettings>, dataFields, modelParams });
    });
  }
  const samples = spec.search === 'random' ? { samples: points.length } : {};
  return { spec: { ...spec, repeats, ...samples }, axes, points, baseSeed: options.baseSeed, runs };
}
