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

import type { ModelParams } from '../results';
import type { ExperimentSettings } from '../settings';
import { SWEEPABLE_SETTINGS, type SweepAxis, type SweepAxisSpec, type SweepPlan, type SweepPlanRun, type SweepSpec, type SweepValue } from './types';

/** Trims float noise (0.1 + 0.2) without changing meaningful digits. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

export function expandAxis(axis: SweepAxisSpec): SweepValue[] {
  if (Array.isArray(axis)) return [...axis];
  const { from, to, round } = axis;
  let values: number[];
  if (axis.step !== undefined) {
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
}

/** The prefix of an axis (or `--set`) name that varies a field of the data recipe: `data.slope`. */
export const DATA_FIELD_PREFIX = 'data.';

export function axisTarget(name: string): SweepAxis['target'] {
  if (name.startsWith(DATA_FIELD_PREFIX)) return 'data';
  return (SWEEPABLE_SETTINGS as readonly string[]).includes(name) ? 'overrides' : 'modelParams';
}

export function expandSweep(spec: SweepSpec, options: ExpandOptions): SweepPlan {
  const axes: SweepAxis[] = Object.entries(spec.vary).map(([name, axis]) => {
    const values = expandAxis(axis);
    const limit = options.quick?.maxValues;
    const max = typeof limit === 'number' ? limit : limit?.[name];
    return { name, target: axisTarget(name), values: max ? thinValues(values, max) : values };
  });
  const repeats = Math.min(spec.repeats, options.quick?.repeats ?? spec.repeats);
  let points: Record<string, SweepValue>[] = [{}];
  for (const axis of axes) points = points.flatMap((point) => axis.values.map((value) => ({ ...point, [axis.name]: value })));
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
  return { spec: { ...spec, repeats }, axes, points, baseSeed: options.baseSeed, runs };
}
