// Reading a sweep spec from exercise.json or a learner's `sweep` export, and merging the two.
import { parseSettings } from '../experiment';
import type { Validator } from '../validate';
import { checkDataFieldName } from '../dataRecipes';
import { axisTarget, DATA_FIELD_PREFIX, expandAxis } from './plan';
import { MAX_RANDOM_AXES, OUTCOME_NAMES, SWEEP_SEARCHES, THRESHOLD_METRICS, type SweepAxisSpec, type SweepRange, type SweepSpec, type SweepSpecInput, type SweepValue } from './types';

const NOT_SWEEPABLE: Record<string, string> = {
  seed: 'repeats vary the seed: set `repeats` instead',
  data: 'the data recipe is not a single value; vary one of its fields, e.g. data.slope',
};

function parseValue(raw: unknown, path: string, v: Validator): SweepValue {
  if (typeof raw === 'number') return v.number(raw, path);
  if (typeof raw === 'boolean') return raw;
  return v.string(raw, path);
}

export function parseSweepAxis(raw: unknown, path: string, v: Validator): SweepAxisSpec {
  if (Array.isArray(raw)) {
    if (raw.length === 0) v.fail(path, 'must list at least one value.');
    const values = raw.map((value, i) => parseValue(value, `${path}[${i}]`, v));
    if (new Set(values.map((value) => JSON.stringify(value))).size !== values.length) v.fail(path, 'lists a value twice.');
    return values;
  }
  const object = v.object(raw, path);
  v.onlyKeys(object, path, ['from', 'to', 'count', 'step', 'scale', 'round']);
  const range: SweepRange = { from: v.number(object.from, `${path}.from`), to: v.number(object.to, `${path}.to`) };
  // Neither is an interval to draw from (a random search); resolveSweepSpec rejects it in a grid.
  if (object.count !== undefined && object.step !== undefined) v.fail(path, 'needs either "count" (evenly spaced values) or "step", not both.');
  if (object.count !== undefined) range.count = v.number(object.count, `${path}.count`, { min: 1, max: 10_000, integer: true });
  if (object.step !== undefined) {
    range.step = v.number(object.step, `${path}.step`);
    if (range.step <= 0) v.fail(`${path}.step`, `must be above 0, got ${range.step}.`);
    if ((range.to - range.from) / range.step > 10_000) v.fail(path, 'has more than 10000 values.');
  }
  if (object.scale !== undefined) range.scale = v.oneOf(object.scale, `${path}.scale`, ['linear', 'log'] as const);
  if (range.scale === 'log') {
    if (range.step !== undefined) v.fail(`${path}.scale`, 'log needs "count", not "step".');
    if (range.from <= 0 || range.to <= 0) v.fail(path, 'a log range needs "from" and "to" above 0.');
  }
  if (object.round !== undefined) {
    if (typeof object.round !== 'boolean') v.fail(`${path}.round`, 'must be true or false.');
    range.round = object.round;
  }
  if (range.to < range.from && range.step !== undefined) v.fail(path, '"to" must not be below "from" with a step.');
  return range;
}

/** Validates whichever fields are present (exercise.json or a learner's `sweep` export). */
export function parseSweepSpec(raw: unknown, path: string, v: Validator): SweepSpecInput {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, ['vary', 'search', 'samples', 'repeats', 'outcome', 'threshold', 'thresholdMetric', 'along', 'seeds']);
  const spec: SweepSpecInput = {};
  if (object.vary !== undefined) {
    const vary = v.object(object.vary, `${path}.vary`);
    const names = Object.keys(vary);
    // A grid's limit of two is checked once the search is known (resolveSweepSpec).
    if (names.length === 0 || names.length > MAX_RANDOM_AXES) {
      v.fail(`${path}.vary`, `must name one setting (a line) or two (a grid), got ${names.length} (search: 'random' takes up to ${MAX_RANDOM_AXES}).`);
    }
    spec.vary = {};
    for (const name of names) {
      if (name in NOT_SWEEPABLE) v.fail(`${path}.vary.${name}`, `cannot be varied: ${NOT_SWEEPABLE[name]}.`);
      if (!/^(data\.)?[A-Za-z_$][\w$]*$/.test(name)) v.fail(`${path}.vary`, `has the name "${name}"; use a plain identifier like units or learningRate, or data.<field> for a field of the data recipe.`);
      if (axisTarget(name) === 'data') checkDataFieldName(name.slice(DATA_FIELD_PREFIX.length), `${path}.vary.${name}`, v);
      spec.vary[name] = parseSweepAxis(vary[name], `${path}.vary.${name}`, v);
      if (axisTarget(name) === 'overrides') {
        // Validate every value as a setting now, not in the middle of the sweep.
        for (const value of expandAxis(spec.vary[name])) parseSettings({ [name]: value }, `${path}.vary.${name}`, v);
      }
    }
  }
  if (object.search !== undefined) spec.search = v.oneOf(object.search, `${path}.search`, SWEEP_SEARCHES);
  if (object.samples !== undefined) spec.samples = v.number(object.samples, `${path}.samples`, { min: 1, max: 10_000, integer: true });
  if (object.repeats !== undefined) spec.repeats = v.number(object.repeats, `${path}.repeats`, { min: 1, max: 10_000, integer: true });
  if (object.outcome !== undefined) spec.outcome = v.oneOf(object.outcome, `${path}.outcome`, OUTCOME_NAMES);
  if (object.threshold !== undefined) spec.threshold = v.number(object.threshold, `${path}.threshold`);
  if (object.thresholdMetric !== undefined) spec.thresholdMetric = v.oneOf(object.thresholdMetric, `${path}.thresholdMetric`, THRESHOLD_METRICS);
  if (object.along !== undefined) spec.along = v.string(object.along, `${path}.along`);
  if (object.seeds !== undefined) spec.seeds = v.oneOf(object.seeds, `${path}.seeds`, ['perRepeat', 'perRun'] as const);
  return spec;
}

/**
 * The learner's sweep over the exercise's: each field the learner sets wins (`vary` as a whole).
 * Fills the defaults and checks that the result is complete.
 */
export function resolveSweepSpec(exercise: SweepSpecInput | undefined, learner: SweepSpecInput | undefined, v: Validator): SweepSpec {
  const merged: SweepSpecInput = { ...exercise, ...learner };
  if (!merged.vary) v.fail('sweep', 'does not say what to vary: add `vary: { learningRate: { from: 0.001, to: 0.1, count: 50 } }` (or a list, or two settings for a grid) to `export const sweep = { ... }`.');
  const spec: SweepSpec = { vary: merged.vary, repeats: merged.repeats ?? 1, outcome: merged.outcome ?? 'accuracy' };
  const names = Object.keys(spec.vary);
  if (merged.search === 'random') {
    if (merged.samples === undefined) v.fail('sweep.samples', "is needed for search: 'random': how many settings to draw, e.g. samples: 20.");
    for (const name of names) {
      const axis = spec.vary[name];
      if (!Array.isArray(axis) && (axis.count !== undefined || axis.step !== undefined)) {
        v.fail(`sweep.vary.${name}`, `is a range with "${axis.count !== undefined ? 'count' : 'step'}", but search: 'random' draws from the interval: give only { from, to } (and scale: 'log' for a log-uniform draw).`);
      }
    }
    spec.search = 'random';
    spec.samples = merged.samples;
  } else {
    if (merged.samples !== undefined) v.fail('sweep.samples', "applies to search: 'random' only; a grid runs every combination of the values.");
    if (names.length > 2) v.fail('sweep.vary', `must name one setting (a line) or two (a grid), got ${names.length}; search: 'random' takes up to ${MAX_RANDOM_AXES}.`);
    for (const name of names) {
      const axis = spec.vary[name];
      if (!Array.isArray(axis) && axis.count === undefined && axis.step === undefined) {
        v.fail(`sweep.vary.${name}`, 'needs either "count" (evenly spaced values) or "step" for a grid, or search: \'random\' to draw from the interval.');
      }
    }
    if (merged.search === 'grid') spec.search = 'grid';
  }
  if (merged.threshold !== undefined) spec.threshold = merged.threshold;
  if (merged.thresholdMetric !== undefined) spec.thresholdMetric = merged.thresholdMetric;
  if (merged.along !== undefined) spec.along = merged.along;
  if (merged.seeds !== undefined) spec.seeds = merged.seeds;
  if (spec.outcome === 'epochsToThreshold' && spec.threshold === undefined) v.fail('sweep.threshold', 'is needed for the outcome epochsToThreshold: the accuracy (or r) each run must reach.');
  if (spec.along !== undefined && !(spec.along in spec.vary)) v.fail('sweep.along', `names "${spec.along}", which the sweep does not vary (it varies ${Object.keys(spec.vary).join(', ')}).`);
  return spec;
}
