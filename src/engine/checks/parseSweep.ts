// Reading exercise.json `sweepChecks`: each check's fields validated, with the path of any mistake.
import { OUTCOME_NAMES, SWEEP_SEARCHES, SWEEP_SHAPES, type OutcomeName, type SweepRunSettings } from '../sweep';
import type { Validator } from '../validate';
import { SWEEP_CHECK_KINDS, type SweepCheckSpec, type SweepMetricChoice, type SweepWhere } from './sweep';

const RUN_SETTING_NAMES = ['learningRate', 'batchSize', 'epochs', 'optimizer', 'momentum', 'weightDecay', 'l1', 'loss', 'testFraction', 'devFraction', 'split'] as const;

function parseWhere(raw: unknown, path: string, v: Validator): SweepWhere {
  const object = v.object(raw, path);
  const where: SweepWhere = {};
  for (const [name, sel] of Object.entries(object)) {
    if (typeof sel === 'object' && sel !== null && !Array.isArray(sel)) {
      const range = sel as Record<string, unknown>;
      v.onlyKeys(range, `${path}.${name}`, ['min', 'max']);
      if (range.min === undefined && range.max === undefined) v.fail(`${path}.${name}`, 'needs "min" or "max".');
      where[name] = {
        ...(range.min !== undefined ? { min: v.number(range.min, `${path}.${name}.min`) } : {}),
        ...(range.max !== undefined ? { max: v.number(range.max, `${path}.${name}.max`) } : {}),
      };
    } else if (typeof sel === 'number' || typeof sel === 'boolean') where[name] = sel;
    else where[name] = v.string(sel, `${path}.${name}`);
  }
  return where;
}

export function parseSweepCheck(raw: unknown, path: string, v: Validator): SweepCheckSpec {
  const object = v.object(raw, path);
  const kind = v.oneOf(object.kind, `${path}.kind`, SWEEP_CHECK_KINDS);
  const base = object.name === undefined ? {} : { name: v.string(object.name, `${path}.name`) };
  const optionalNumber = (key: string, range?: { min?: number; max?: number; integer?: boolean }) => (object[key] === undefined ? undefined : v.number(object[key], `${path}.${key}`, range));
  const bounds = () => {
    const min = optionalNumber('min');
    const max = optionalNumber('max');
    if (min === undefined && max === undefined) v.fail(path, 'needs "min" or "max".');
    return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  };
  const where = () => (object.where === undefined ? {} : { where: parseWhere(object.where, `${path}.where`, v) });
  const metricChoice = (): SweepMetricChoice => ({
    ...(object.metric !== undefined ? { metric: v.oneOf(object.metric, `${path}.metric`, OUTCOME_NAMES.filter((n): n is Exclude<OutcomeName, 'epochsToThreshold'> => n !== 'epochsToThreshold')) } : {}),
    ...(object.atEpoch !== undefined ? { atEpoch: v.number(object.atEpoch, `${path}.atEpoch`, { min: 1, integer: true }) } : {}),
  });
  switch (kind) {
    case 'sweepVaries': {
      v.onlyKeys(object, path, ['kind', 'name', 'setting', 'minValues', 'from', 'to', 'scale', 'includes']);
      return {
        ...base, kind, setting: v.string(object.setting, `${path}.setting`),
        ...(object.minValues !== undefined ? { minValues: optionalNumber('minValues', { min: 1, integer: true }) } : {}),
        ...(object.from !== undefined ? { from: optionalNumber('from') } : {}),
        ...(object.to !== undefined ? { to: optionalNumber('to') } : {}),
        ...(object.scale !== undefined ? { scale: v.oneOf(object.scale, `${path}.scale`, ['linear', 'log'] as const) } : {}),
        ...(object.includes !== undefined ? { includes: v.array(object.includes, `${path}.includes`).map((x, i) => (typeof x === 'number' || typeof x === 'boolean' ? x : v.string(x, `${path}.includes[${i}]`))) } : {}),
      };
    }
    case 'sweepRepeats':
      v.onlyKeys(object, path, ['kind', 'name', 'min']);
      return { ...base, kind, min: v.number(object.min, `${path}.min`, { min: 1, integer: true }) };
    case 'sweepSearch': {
      v.onlyKeys(object, path, ['kind', 'name', 'search', 'samples']);
      const search = v.oneOf(object.search, `${path}.search`, SWEEP_SEARCHES);
      if (object.samples !== undefined && search !== 'random') v.fail(`${path}.samples`, "applies to search: 'random' only.");
      return { ...base, kind, search, ...(object.samples !== undefined ? { samples: v.number(object.samples, `${path}.samples`, { min: 1, integer: true }) } : {}) };
    }
    case 'sweepOutcome':
      v.onlyKeys(object, path, ['kind', 'name', 'oneOf', 'threshold']);
      return {
        ...base, kind, oneOf: v.array(object.oneOf, `${path}.oneOf`).map((x, i) => v.oneOf(x, `${path}.oneOf[${i}]`, OUTCOME_NAMES)),
        ...(object.threshold !== undefined ? { threshold: optionalNumber('threshold') } : {}),
      };
    case 'runSettings': {
      v.onlyKeys(object, path, ['kind', 'name', 'settings']);
      const settings = v.object(object.settings, `${path}.settings`);
      v.onlyKeys(settings, `${path}.settings`, RUN_SETTING_NAMES);
      for (const [key, value] of Object.entries(settings)) if (typeof value !== 'number') v.string(value, `${path}.settings.${key}`);
      return { ...base, kind, settings: settings as Partial<Record<keyof SweepRunSettings, number | string>> };
    }
    case 'runsFinished':
      v.onlyKeys(object, path, ['kind', 'name', 'min']);
      return { ...base, kind, ...(object.min !== undefined ? { min: optionalNumber('min', { min: 0, max: 1 }) } : {}) };
    case 'runChecks':
      v.onlyKeys(object, path, ['kind', 'name']);
      return { ...base, kind };
    case 'modelGrows':
      v.onlyKeys(object, path, ['kind', 'name', 'setting']);
      return { ...base, kind, setting: v.string(object.setting, `${path}.setting`) };
    case 'sweepStat':
      v.onlyKeys(object, path, ['kind', 'name', 'stat', 'where', 'min', 'max', 'metric', 'atEpoch']);
      return { ...base, kind, stat: v.oneOf(object.stat, `${path}.stat`, ['mean', 'fractionAbove', 'min', 'max'] as const), ...where(), ...bounds(), ...metricChoice() };
    case 'sweepShape':
      v.onlyKeys(object, path, ['kind', 'name', 'along', 'where', 'oneOf', 'bimodal', 'metric', 'atEpoch']);
      if (object.oneOf === undefined && object.bimodal === undefined) v.fail(path, 'needs "oneOf" (shapes) or "bimodal".');
      return {
        ...base, kind, ...where(), ...metricChoice(),
        ...(object.along !== undefined ? { along: v.string(object.along, `${path}.along`) } : {}),
        ...(object.oneOf !== undefined ? { oneOf: v.array(object.oneOf, `${path}.oneOf`).map((x, i) => v.oneOf(x, `${path}.oneOf[${i}]`, SWEEP_SHAPES)) } : {}),
        ...(object.bimodal !== undefined ? { bimodal: typeof object.bimodal === 'boolean' ? object.bimodal : v.fail(`${path}.bimodal`, 'must be true or false.') } : {}),
      };
    case 'sweepCompare':
      v.onlyKeys(object, path, ['kind', 'name', 'stat', 'higher', 'lower', 'margin', 'metric', 'atEpoch']);
      return {
        ...base, kind, ...metricChoice(), stat: v.oneOf(object.stat, `${path}.stat`, ['mean', 'fractionAbove', 'min', 'max'] as const),
        higher: parseWhere(object.higher, `${path}.higher`, v), lower: parseWhere(object.lower, `${path}.lower`, v),
        ...(object.margin !== undefined ? { margin: optionalNumber('margin') } : {}),
      };
    case 'sweepCorrelation':
      v.onlyKeys(object, path, ['kind', 'name', 'with', 'where', 'min', 'max']);
      return { ...base, kind, with: v.string(object.with, `${path}.with`), ...where(), ...bounds() };
  }
}
