// Reading experiment settings (from exercise.json defaults or a learner's `experiment` export)
// and merging them: learner values over exercise defaults, locked fields always the exercise's.
import { parseLineRecipe, parseNormalize, parseRingsRecipe, RECIPE_FIELDS } from './dataRecipes';
import { DlxError } from './errors';
import { parseDecayRate, parseEpsilon, parseLrSchedule } from './optimizers';
import {
  INIT_NAMES, LIMITS, LOSS_NAMES, MONITOR_NAMES, OPTIMIZER_NAMES, SETTING_NAMES, SPLIT_KINDS,
  type CheckpointSettings, type CsvRecipe, type DataRecipe, type EarlyStoppingSettings, type ExperimentSettings, type MonitorName, type SettingName,
} from './settings';
import { Validator } from './validate';

export function parseRecipe(raw: unknown, path: string, v: Validator): DataRecipe {
  const object = v.object(raw, path);
  const kind = v.oneOf(object.kind, `${path}.kind`, ['clusters', 'rings', 'line', 'csv'] as const);
  if (kind === 'rings') return parseRingsRecipe(object, path, v);
  if (kind === 'line') return parseLineRecipe(object, path, v);
  if (kind === 'clusters') {
    v.onlyKeys(object, path, ['kind', ...RECIPE_FIELDS.clusters]);
    const centers = v.array(object.centers, `${path}.centers`).map((center, i) =>
      v.array(center, `${path}.centers[${i}]`).map((value, j) => v.number(value, `${path}.centers[${i}][${j}]`)));
    if (centers.length < 2) v.fail(`${path}.centers`, `needs at least 2 centres, got ${centers.length}.`);
    const dimensions = centers[0].length;
    centers.forEach((center, i) => {
      if (center.length !== dimensions) v.fail(`${path}.centers[${i}]`, `has ${center.length} coordinates; centres[0] has ${dimensions}.`);
    });
    return {
      kind,
      centers,
      perCluster: v.number(object.perCluster, `${path}.perCluster`, { min: 1, max: 100_000, integer: true }),
      blur: v.number(object.blur, `${path}.blur`, { min: 0 }),
    };
  }
  v.onlyKeys(object, path, ['kind', ...RECIPE_FIELDS.csv]);
  const recipe: CsvRecipe = { kind, file: v.string(object.file, `${path}.file`), target: v.string(object.target, `${path}.target`) };
  if (object.features !== undefined) {
    recipe.features = v.array(object.features, `${path}.features`).map((name, i) => v.string(name, `${path}.features[${i}]`));
  }
  if (object.filters !== undefined) {
    recipe.filters = v.array(object.filters, `${path}.filters`).map((filter, i) => {
      const at = `${path}.filters[${i}]`;
      const f = v.object(filter, at);
      v.onlyKeys(f, at, ['column', 'below', 'atLeast']);
      return {
        column: v.string(f.column, `${at}.column`),
        below: f.below === undefined ? undefined : v.number(f.below, `${at}.below`),
        atLeast: f.atLeast === undefined ? undefined : v.number(f.atLeast, `${at}.atLeast`),
      };
    });
  }
  if (object.zscore !== undefined) {
    if (typeof object.zscore === 'string') recipe.zscore = v.oneOf(object.zscore, `${path}.zscore`, ['all', 'none'] as const);
    else {
      const z = v.object(object.zscore, `${path}.zscore`);
      v.onlyKeys(z, `${path}.zscore`, ['except']);
      recipe.zscore = { except: v.array(z.except, `${path}.zscore.except`).map((name, i) => v.string(name, `${path}.zscore.except[${i}]`)) };
    }
  }
  if (object.normalize !== undefined) recipe.normalize = parseNormalize(object, path, v);
  if (object.binarize !== undefined) {
    const b = v.object(object.binarize, `${path}.binarize`);
    v.onlyKeys(b, `${path}.binarize`, ['above']);
    recipe.binarize = { above: v.number(b.above, `${path}.binarize.above`) };
  }
  if (object.classColumn !== undefined) {
    if (typeof object.classColumn !== 'boolean') v.fail(`${path}.classColumn`, 'must be true or false.');
    recipe.classColumn = object.classColumn;
  }
  return recipe;
}

function parseEarlyStopping(raw: unknown, path: string, v: Validator): EarlyStoppingSettings {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, ['monitor', 'patience', 'minDelta', 'restoreBestWeights', 'startFromEpoch']);
  const settings: EarlyStoppingSettings = {
    monitor: v.oneOf(object.monitor, `${path}.monitor`, MONITOR_NAMES),
    // Patience 0 would stop at the first epoch that does not improve, which noise alone causes.
    patience: v.number(object.patience, `${path}.patience`, { min: 1, max: LIMITS.epochs.max, integer: true }),
  };
  if (object.minDelta !== undefined) settings.minDelta = v.number(object.minDelta, `${path}.minDelta`, { min: 0 });
  if (object.restoreBestWeights !== undefined) {
    if (typeof object.restoreBestWeights !== 'boolean') v.fail(`${path}.restoreBestWeights`, 'must be true or false.');
    settings.restoreBestWeights = object.restoreBestWeights;
  }
  if (object.startFromEpoch !== undefined) settings.startFromEpoch = v.number(object.startFromEpoch, `${path}.startFromEpoch`, { ...LIMITS.epochs, integer: true });
  return settings;
}

/** What parseSettings cannot see field by field: the fractions together, and the monitor's split. */
function checkSplitSettings(settings: ExperimentSettings): void {
  const dev = settings.devFraction ?? 0;
  if (dev + settings.testFraction >= 1) {
    throw new DlxError('settings', `experiment.devFraction (${dev}) + testFraction (${settings.testFraction}) must stay below 1: nothing would be left to train on.`);
  }
  if (settings.earlyStopping) checkMonitor(settings.earlyStopping.monitor, 'earlyStopping.monitor', settings);
  if (settings.checkpoint?.best) checkMonitor(settings.checkpoint.best, 'checkpoint.best', settings);
}

/** A monitored metric must exist in this experiment: its split, and an accuracy only for classification. */
function checkMonitor(monitor: MonitorName, field: string, settings: ExperimentSettings): void {
  const dev = settings.devFraction ?? 0;
  if (monitor.startsWith('dev') && dev === 0) {
    throw new DlxError('settings', `experiment.${field} "${monitor}" watches the dev set, but there is none: set devFraction above 0 (e.g. 0.1), or monitor one of "trainLoss", "trainAccuracy".`);
  }
  if (monitor.endsWith('Accuracy') && settings.loss === 'mse') {
    throw new DlxError('settings', `experiment.${field} "${monitor}" watches an accuracy, but loss 'mse' is a regression: monitor "devLoss", "trainLoss" or "testLoss".`);
  }
  if (monitor.startsWith('test') && settings.testFraction === 0) {
    throw new DlxError('settings', `experiment.${field} "${monitor}" watches the test set, but there is none: set testFraction above 0, or monitor one of "trainLoss", "trainAccuracy".`);
  }
}

function parseCheckpoint(raw: unknown, path: string, v: Validator): CheckpointSettings {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, ['every', 'best']);
  if (object.every === undefined && object.best === undefined) {
    v.fail(path, `needs "every" (save every N epochs, e.g. { every: 50 }) or "best" (keep the best epoch of one of ${MONITOR_NAMES.map((m) => `"${m}"`).join(', ')}), or both.`);
  }
  return {
    ...(object.every !== undefined ? { every: v.number(object.every, `${path}.every`, { ...LIMITS.epochs, integer: true }) } : {}),
    ...(object.best !== undefined ? { best: v.oneOf(object.best, `${path}.best`, MONITOR_NAMES) } : {}),
  };
}

/** Validates whichever fields are present. */
export function parseSettings(raw: unknown, path: string, v: Validator): Partial<ExperimentSettings> {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, SETTING_NAMES);
  const settings: Partial<ExperimentSettings> = {};
  if (object.data !== undefined) settings.data = parseRecipe(object.data, `${path}.data`, v);
  if (object.loss !== undefined) settings.loss = v.oneOf(object.loss, `${path}.loss`, LOSS_NAMES);
  if (object.optimizer !== undefined) settings.optimizer = v.oneOf(object.optimizer, `${path}.optimizer`, OPTIMIZER_NAMES);
  if (object.learningRate !== undefined) settings.learningRate = v.number(object.learningRate, `${path}.learningRate`, LIMITS.learningRate);
  if (object.momentum !== undefined) settings.momentum = v.number(object.momentum, `${path}.momentum`, { min: 0, max: 0.999999 });
  for (const name of ['beta1', 'beta2', 'rho'] as const) if (object[name] !== undefined) settings[name] = parseDecayRate(object[name], `${path}.${name}`, v);
  if (object.epsilon !== undefined) settings.epsilon = parseEpsilon(object.epsilon, `${path}.epsilon`, v);
  if (object.lrSchedule !== undefined) settings.lrSchedule = parseLrSchedule(object.lrSchedule, `${path}.lrSchedule`, v);
  if (object.weightDecay !== undefined) settings.weightDecay = v.number(object.weightDecay, `${path}.weightDecay`, LIMITS.penalty);
  if (object.l1 !== undefined) settings.l1 = v.number(object.l1, `${path}.l1`, LIMITS.penalty);
  if (object.batchSize !== undefined) {
    settings.batchSize = object.batchSize === 'full' ? 'full' : v.number(object.batchSize, `${path}.batchSize`, { min: 1, integer: true });
  }
  if (object.epochs !== undefined) settings.epochs = v.number(object.epochs, `${path}.epochs`, { ...LIMITS.epochs, integer: true });
  if (object.testFraction !== undefined) settings.testFraction = v.number(object.testFraction, `${path}.testFraction`, LIMITS.testFraction);
  if (object.init !== undefined) settings.init = v.oneOf(object.init, `${path}.init`, INIT_NAMES);
  if (object.devFraction !== undefined) settings.devFraction = v.number(object.devFraction, `${path}.devFraction`, LIMITS.devFraction);
  if (object.split !== undefined) settings.split = v.oneOf(object.split, `${path}.split`, SPLIT_KINDS);
  if (object.earlyStopping !== undefined) settings.earlyStopping = parseEarlyStopping(object.earlyStopping, `${path}.earlyStopping`, v);
  if (object.checkpoint !== undefined) settings.checkpoint = parseCheckpoint(object.checkpoint, `${path}.checkpoint`, v);
  if (object.seed !== undefined) settings.seed = v.number(object.seed, `${path}.seed`, { min: 0, max: 2 ** 31 - 1, integer: true });
  return settings;
}

export interface ResolvedSettings {
  settings: ExperimentSettings;
  /** Plain-language notes, e.g. a locked field the learner tried to change. */
  warnings: string[];
}

export function resolveSettings(
  defaults: Partial<ExperimentSettings>,
  learner: Partial<ExperimentSettings>,
  locked: readonly SettingName[],
  request: { seed?: number; epochs?: number; overrides?: Partial<ExperimentSettings>; dataFields?: Record<string, unknown> },
): ResolvedSettings {
  const warnings: string[] = [];
  const merged: Partial<ExperimentSettings> = { ...defaults };
  for (const name of SETTING_NAMES) {
    const value = learner[name];
    if (value === undefined) continue;
    if (locked.includes(name) && JSON.stringify(value) !== JSON.stringify(defaults[name])) {
      warnings.push(`This exercise fixes "${name}"; your value was replaced by the exercise's.`);
      continue;
    }
    (merged as Record<string, unknown>)[name] = value;
  }
  // A sweep's values, then the command line's: what the run was asked for wins.
  Object.assign(merged, request.overrides ?? {});
  if (request.seed !== undefined) merged.seed = request.seed;
  if (request.epochs !== undefined) merged.epochs = request.epochs;
  merged.seed ??= 1;
  merged.testFraction ??= 0;
  merged.optimizer ??= 'sgd';
  merged.batchSize ??= 'full';
  const missing = (['data', 'loss', 'learningRate', 'epochs'] as const).filter((name) => merged[name] === undefined);
  if (missing.length > 0) {
    throw new DlxError(
      'settings',
      `The experiment does not say ${missing.map((m) => `"${m}"`).join(', ')}. Add ${missing.length > 1 ? 'them' : 'it'} to \`export const experiment = { ... }\` in your file.`,
    );
  }
  if (request.dataFields && Object.keys(request.dataFields).length > 0) merged.data = withDataFields(merged.data!, request.dataFields);
  checkSplitSettings(merged as ExperimentSettings);
  return { settings: merged as ExperimentSettings, warnings };
}

/** The recipe with a sweep's `data.<field>` values, validated as the recipe; a field its kind lacks is an error. */
function withDataFields(recipe: DataRecipe, fields: Record<string, unknown>): DataRecipe {
  const own: readonly string[] = RECIPE_FIELDS[recipe.kind];
  for (const field of Object.keys(fields)) {
    if (!own.includes(field)) {
      throw new DlxError('settings', `The sweep varies data.${field}, but the experiment's data recipe (kind '${recipe.kind}') has no field "${field}"; its fields are: ${own.join(', ')}.`);
    }
  }
  return parseRecipe({ ...recipe, ...fields }, 'data', new Validator('the sweep', 'settings'));
}
