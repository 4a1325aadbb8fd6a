// The pack format, declared once: every key of pack.json and exercise.json with its type and what
// it means. The loader (pack.ts) takes its allowed keys from here; `schemas/*.schema.json` are
// generated from here (scripts/write-schemas.ts, checked by test/packFormat.test.ts), and their
// descriptions are the hovers an author sees while typing. A key the loader learns goes here first.
import { CHECK_KINDS } from './checks/run';
import { SWEEP_CHECK_KINDS } from './checks/sweep';
import { NORMALIZE_METHODS, RECIPE_FIELDS } from './dataRecipes';
import { SOLUTION_VISIBILITIES } from './guidance';
import { documentSchema, variant, type Field, type Shape } from './jsonSchema';
import { METRIC_NAMES } from './results';
import { INIT_NAMES, LIMITS, LOSS_NAMES, MONITOR_NAMES, OPTIMIZER_NAMES, SETTING_NAMES, SPLIT_KINDS, type SettingName } from './settings';
import { OUTCOME_NAMES, SWEEP_SHAPES, THRESHOLD_METRICS } from './sweep/types';
import { FUNCTION_CHECK_KINDS, RETURN_TYPES, TRAINS_ACTIVATIONS, TRAINS_HYPER, TRAJECTORY_PROPERTIES } from './functions/types';

const text = (description: string): Field => ({ type: 'string', description });
const oneOfNames = (names: readonly string[], description: string): Field => ({ type: 'string', enum: names, description });
const list = (items: Field, description: string, minItems?: number): Field => ({ type: 'array', items, description, ...(minItems !== undefined ? { minItems } : {}) });
const number = (description: string, range: { minimum?: number; maximum?: number } = {}): Field => ({ type: 'number', description, ...range });
const integer = (description: string, range: { minimum?: number; maximum?: number } = {}): Field => ({ type: 'integer', description, ...range });
const flag = (description: string): Field => ({ type: 'boolean', description });
const object = (description: string, fields: Record<string, Field>, required: readonly string[] = []): Field => ({ type: 'object', description, shape: { fields, required } });

const SOLUTIONS = oneOfNames(SOLUTION_VISIBILITIES, 'Whether Compare with Solution and `dlx run --solution` may show the reference solution ("visible", the default) or not ("hidden").');
const HINTS = list(object('A hint, revealed one at a time.', { text: text('The hint in Markdown, in the learner\'s words.'), code: text('A short snippet the learner may insert.') }, ['text']), 'Hints for a stuck learner, revealed one at a time.', 1);
const NAME = text('The name the check is shown with; default: one made from its fields.');
const CHECK_GUIDANCE = { step: integer('The README heading "## Step N…" this check belongs to.', { minimum: 1 }), hints: HINTS };
const WHERE: Field = { type: 'map', description: 'Which runs: a setting\'s value, or a { min, max } range of it.', values: { type: 'oneOf', description: 'A value of the setting, or a range of it.', options: [{ type: 'scalar', description: 'The value.' }, object('A range: at least min, at most max.', { min: number('The lowest value.'), max: number('The highest value.') })] } };
const SWEEP_METRIC = { metric: oneOfNames(OUTCOME_NAMES.filter((n) => n !== 'epochsToThreshold'), 'The outcome to look at instead of the sweep\'s own.'), atEpoch: integer('Read the metric at this epoch instead of the last.', { minimum: 1 }) };
const SWEEP_STAT = oneOfNames(['mean', 'fractionAbove', 'min', 'max'], 'Which statistic of the runs.');
const BOUNDS = { min: number('The lowest value that passes.'), max: number('The highest value that passes.') };

/** One entry per run check kind (engine/checks/run.ts): the compiler insists on each. */
const RUN_CHECKS: Record<(typeof CHECK_KINDS)[number], Field> = {
  metric: variant('metric', 'A final metric within bounds.', {
    name: NAME, split: oneOfNames(['train', 'dev', 'test'], 'Which split\'s final metric.'), metric: oneOfNames(METRIC_NAMES, 'Which metric; precision, recall and f1 are macro averages unless "class" names one class.'),
    class: text('One class (precision, recall, f1 only); a class the data lacks fails the check and lists the classes.'), ...BOUNDS, ...CHECK_GUIDANCE,
  }, ['split', 'metric']),
  classes: variant('classes', 'The data has this many classes.', { name: NAME, count: integer('The number of classes.', { minimum: 1 }), ...CHECK_GUIDANCE }, ['count']),
  outputUnits: variant('outputUnits', 'The model\'s last layer has this many units.', { name: NAME, count: integer('The number of output units.', { minimum: 1 }), ...CHECK_GUIDANCE }, ['count']),
  loss: variant('loss', 'The experiment uses one of these losses.', { name: NAME, oneOf: list(oneOfNames(LOSS_NAMES, 'A loss.'), 'The losses that pass.'), ...CHECK_GUIDANCE }, ['oneOf']),
  modelStyle: variant('modelStyle', 'The model is a tf.LayersModel ("layers") or a class with forward() ("class").', { name: NAME, style: oneOfNames(['layers', 'class'], 'The style that passes.'), ...CHECK_GUIDANCE }, ['style']),
  variableShapes: variant('variableShapes', 'The trainable variables have exactly these shapes, in order.', { name: NAME, shapes: list(list(integer('A dimension.'), 'One variable\'s shape.'), 'The shapes.'), ...CHECK_GUIDANCE }, ['shapes']),
  target: variant('target', 'A CSV experiment predicts this column.', { name: NAME, column: text('The target column.'), ...CHECK_GUIDANCE }, ['column']),
  answer: variant('answer', 'A value of the learner file\'s `export const answers = { ... }`, read as text (never run).', {
    name: NAME, key: text('The answer\'s key in `answers`.'), equals: { type: 'scalar', description: 'The expected value.' }, within: number('A number may be off by this much.', { minimum: 0 }), ...CHECK_GUIDANCE,
  }, ['key', 'equals']),
  checkpoints: variant('checkpoints', 'Decided by the host: the run saved a checkpoint every N epochs (each one arrived) and kept as best the saved epoch best by the monitored metric.', {
    name: NAME, every: integer('The epochs between checkpoints the experiment must save.', { minimum: 1 }), best: oneOfNames(MONITOR_NAMES, 'The metric the best checkpoint must be kept by.'), ...CHECK_GUIDANCE,
  }, ['every', 'best']),
  reloadBest: variant('reloadBest', 'Decided by the host: the best checkpoint, reloaded in a new trainer and evaluated with 0 epochs (dlx run --from-checkpoint), gives the test and dev metrics recorded at its epoch. Needs a "checkpoints" check.', {
    name: NAME, tolerance: number('How far apart the metrics may be (default 1e-6).', { minimum: 0 }), ...CHECK_GUIDANCE,
  }),
  resume: variant('resume', 'Decided by the host: a run stopped at a checkpoint epoch and resumed from that checkpoint (dlx run --resume) ends with the uninterrupted run\'s weights and test loss. Needs a "checkpoints" check.', {
    name: NAME, interruptAt: integer('The epoch the run is interrupted at, one the checkpoints check saves (default: the last checkpoint epoch in the first half).', { minimum: 1 }),
    tolerance: number('How far apart the final weights and test loss may be (default 1e-6).', { minimum: 0 }), ...CHECK_GUIDANCE,
  }),
};

/** One entry per sweep check kind (engine/checks/sweep.ts). */
const SWEEP_CHECKS: Record<(typeof SWEEP_CHECK_KINDS)[number], Field> = {
  sweepVaries: variant('sweepVaries', 'The sweep varies this setting (at least minValues values, over from..to).', {
    name: NAME, setting: text('The setting (or model parameter) varied.'), minValues: integer('At least this many values.', { minimum: 1 }), from: number('The range starts at or below this.'), to: number('The range ends at or above this.'),
    scale: oneOfNames(['linear', 'log'], 'How the values are spaced.'), includes: list({ type: 'scalar', description: 'A value.' }, 'Values the sweep must include.'), ...CHECK_GUIDANCE,
  }, ['setting']),
  sweepSearch: variant('sweepSearch', 'The sweep is a grid or a random search of exactly this many settings.', { name: NAME, search: oneOfNames(['grid', 'random'], 'How the settings are chosen.'), samples: integer('How many settings (random search).', { minimum: 1 }), ...CHECK_GUIDANCE }, ['search']),
  sweepRepeats: variant('sweepRepeats', 'Each setting is run at least this many times.', { name: NAME, min: integer('The fewest repeats.', { minimum: 1 }), ...CHECK_GUIDANCE }, ['min']),
  sweepOutcome: variant('sweepOutcome', 'The sweep measures one of these outcomes.', { name: NAME, oneOf: list(oneOfNames(OUTCOME_NAMES, 'An outcome.'), 'The outcomes that pass.'), threshold: number('The threshold the outcome needs (epochsToThreshold).'), ...CHECK_GUIDANCE }, ['oneOf']),
  runSettings: variant('runSettings', 'Every run of the sweep uses these settings.', {
    name: NAME, settings: { type: 'map', description: 'Setting name -> the value every run must use.', values: { type: 'scalar', description: 'The value.' } }, ...CHECK_GUIDANCE,
  }, ['settings']),
  runsFinished: variant('runsFinished', 'At least this fraction of runs finished (default all).', { name: NAME, min: number('The fraction, 0..1.', { minimum: 0, maximum: 1 }), ...CHECK_GUIDANCE }),
  runChecks: variant('runChecks', 'Every run passes the exercise\'s run checks.', { name: NAME, ...CHECK_GUIDANCE }),
  modelGrows: variant('modelGrows', 'The model\'s trainable parameters grow with this setting.', { name: NAME, setting: text('The setting that should grow the model.'), ...CHECK_GUIDANCE }, ['setting']),
  sweepStat: variant('sweepStat', 'A statistic of the runs (optionally some of them) within bounds.', { name: NAME, stat: SWEEP_STAT, where: WHERE, ...BOUNDS, ...SWEEP_METRIC, ...CHECK_GUIDANCE }, ['stat']),
  sweepShape: variant('sweepShape', 'The outcome against a setting has one of these shapes (or is bimodal).', {
    name: NAME, along: text('The setting on the x axis.'), where: WHERE, oneOf: list(oneOfNames(SWEEP_SHAPES, 'A shape.'), 'The shapes that pass.'), bimodal: flag('Whether the outcomes must be bimodal.'), ...SWEEP_METRIC, ...CHECK_GUIDANCE,
  }),
  sweepCompare: variant('sweepCompare', 'Runs matching "higher" beat runs matching "lower" on a statistic.', { name: NAME, stat: SWEEP_STAT, higher: WHERE, lower: WHERE, margin: number('By at least this much.'), ...SWEEP_METRIC, ...CHECK_GUIDANCE }, ['stat', 'higher', 'lower']),
  sweepCorrelation: variant('sweepCorrelation', 'The outcome\'s correlation with a setting within bounds.', { name: NAME, with: text('The setting.'), where: WHERE, ...BOUNDS, ...CHECK_GUIDANCE }, ['with']),
};

const RECIPES: Record<keyof typeof RECIPE_FIELDS, Field> = {
  clusters: variant('clusters', 'Gaussian blobs ("qwerties"): one cluster per centre, label = the centre\'s index.', {
    centers: list(list(number('A coordinate.'), 'One centre.'), 'The centres, all with the same number of coordinates.', 2), perCluster: integer('Points per cluster.', { minimum: 1, maximum: 100_000 }), blur: number('The spread around each centre.', { minimum: 0 }),
  }, ['centers', 'perCluster', 'blur']),
  rings: variant('rings', 'Two concentric rings: class 0 inside, class 1 outside.', { perClass: integer('Points per ring (default 200).', { minimum: 1 }), radii: list(number('A radius.'), '[inner, outer] (default [10, 15]).'), noise: number('The noise on each coordinate (default 1).', { minimum: 0 }) }),
  line: variant('line', 'A regression: y = slope * x + noise.', { slope: number('The slope.'), noise: number('The noise on y (default 0.5).', { minimum: 0 }), n: integer('Rows (default 50).', { minimum: 1 }) }, ['slope']),
  csv: variant('csv', 'A CSV file shipped in the pack\'s data/ folder.', {
    file: text('The path inside the pack, e.g. data/iris.csv.'), target: text('The column to predict.'), features: list(text('A column; "col^2" is its square.'), 'Feature columns; default: every other numeric column.'),
    filters: list(object('Keep only rows with column < below and/or >= atLeast.', { column: text('The column.'), below: number('Keep rows below this.'), atLeast: number('Keep rows at or above this.') }, ['column']), 'Row filters.'),
    zscore: { type: 'oneOf', description: 'The older spelling of normalize: "all", "none" or { except: [...] }.', options: [oneOfNames(['all', 'none'], 'All columns or none.'), object('All but these.', { except: list(text('A column.'), 'Columns left raw.') }, ['except'])] },
    normalize: { type: 'oneOf', description: 'How every numeric column is scaled (default zscore).', options: [oneOfNames(NORMALIZE_METHODS, 'The method.'), object('A method, with columns left raw.', { method: oneOfNames(NORMALIZE_METHODS, 'The method.'), except: list(text('A column.'), 'Columns left raw.') }, ['method'])] },
    binarize: object('Turn the target into 0/1: 1 when above the threshold.', { above: number('The threshold.') }, ['above']), classColumn: flag('Read class names from a text target column.'),
  }, ['file', 'target']),
};

const SETTINGS: Record<SettingName, Field> = {
  data: { type: 'oneOf', description: 'The data recipe.', options: Object.values(RECIPES) },
  loss: oneOfNames(LOSS_NAMES, 'crossEntropy takes logits (PyTorch nn.CrossEntropyLoss); binaryCrossEntropy a sigmoid output (nn.BCELoss); binaryCrossEntropyWithLogits one logit; mse a regression.'),
  optimizer: oneOfNames(OPTIMIZER_NAMES, 'The optimizer (default sgd).'),
  learningRate: number('The learning rate.', { minimum: LIMITS.learningRate.min, maximum: LIMITS.learningRate.max }),
  momentum: number('For momentum: PyTorch\'s SGD momentum (default 0.9).', { minimum: 0, maximum: 0.999999 }),
  beta1: number('adam\'s beta1 (default 0.9), in [0, 1).', { minimum: 0 }),
  beta2: number('adam\'s beta2 (default 0.999), in [0, 1).', { minimum: 0 }),
  epsilon: number('adam, rmsprop: above 0, default 1e-8 (PyTorch\'s; tfjs\'s is 1e-7).'),
  rho: number('rmsprop: PyTorch\'s alpha, in [0, 1), default 0.99 (tfjs\'s decay defaults to 0.9).', { minimum: 0 }),
  lrSchedule: { type: 'oneOf', description: 'The learning rate per epoch: PyTorch\'s StepLR or ExponentialLR.', options: [variant('step', 'Multiply by gamma every N epochs.', { every: integer('Epochs between steps.', { minimum: 1 }), gamma: number('The factor, above 0.') }, ['every', 'gamma']), variant('exponential', 'Multiply by gamma every epoch.', { gamma: number('The factor, above 0.') }, ['gamma'])] },
  weightDecay: number('PyTorch\'s weight_decay, for weights and biases.', { minimum: 0 }),
  l1: number('The course\'s L1 term: l1 * sum|W| / (number of weights), biases excluded.', { minimum: 0 }),
  batchSize: { type: 'oneOf', description: 'Examples per step, or "full" for full-batch gradient descent.', options: [integer('Examples per step.', { minimum: 1 }), { type: 'const', value: 'full', description: 'Full batch.' }] },
  epochs: integer('Epochs to train.', { minimum: LIMITS.epochs.min, maximum: LIMITS.epochs.max }),
  testFraction: number('The fraction held out for testing (0: train on everything).', { minimum: LIMITS.testFraction.min, maximum: LIMITS.testFraction.max }),
  devFraction: number('The fraction held out as a dev set, evaluated every epoch (default 0).', { minimum: LIMITS.devFraction.min, maximum: LIMITS.devFraction.max }),
  split: oneOfNames(SPLIT_KINDS, 'How rows go to train/dev/test (default random).'),
  earlyStopping: object('Stop when the monitored metric stops improving (Keras\'s EarlyStopping).', {
    monitor: oneOfNames(MONITOR_NAMES, 'The metric watched: a loss must fall, an accuracy rise.'), patience: integer('Epochs without improvement before stopping.', { minimum: 1 }), minDelta: number('A smaller improvement does not count (default 0).', { minimum: 0 }),
    restoreBestWeights: flag('Put back the best epoch\'s weights at the end (default true; Keras: false).'), startFromEpoch: integer('Epochs before this one neither stop nor count as best (default 1).', { minimum: 1 }),
  }, ['monitor', 'patience']),
  seed: integer('The seed for data, split, shuffling and initialization.', { minimum: 0, maximum: 2 ** 31 - 1 }),
  checkpoint: object('Save weights during training (tfjs model.json + weights, under .dlx/runs/): every N epochs and/or the best by a monitored metric.', { every: integer('Epochs between saves.', { minimum: 1 }), best: oneOfNames(MONITOR_NAMES, 'Keep the epoch best on this metric.') }),
  init: oneOfNames(INIT_NAMES, 'How Dense layers start: "tfjs" (default, glorotNormal) or "pytorch" (torch.nn.Linear\'s default).'),
};

const AXIS: Field = {
  type: 'oneOf', description: 'The values: a list, or a range.',
  options: [list({ type: 'scalar', description: 'A value.' }, 'The values, each once.', 1), object('Evenly spaced values from..to: count of them, or every step.', {
    from: number('The first value.'), to: number('The last value.'), count: integer('How many values (a grid).', { minimum: 1, maximum: 10_000 }), step: number('The spacing (a grid).'), scale: oneOfNames(['linear', 'log'], 'How the values are spaced (a grid), or drawn (random search: log-uniform with "log").'), round: flag('Round the values to whole numbers.'),
  }, ['from', 'to'])],
};

export const SWEEP_SHAPE: Shape = {
  fields: {
    vary: { type: 'map', description: 'One setting (a line) or two (a grid), or up to six for a random search: a setting, a model parameter or data.<field>, each with its values.', values: AXIS },
    search: oneOfNames(['grid', 'random'], 'Every combination of the values (grid, the default), or `samples` draws from the ranges (random).'),
    samples: integer('Draws of a random search.', { minimum: 1, maximum: 10_000 }),
    repeats: integer('Runs per setting, each with its own seed.', { minimum: 1, maximum: 10_000 }),
    outcome: oneOfNames(OUTCOME_NAMES, 'What each run measures (default accuracy).'),
    threshold: number('The value a run must reach (fractionAbove; epochsToThreshold).'),
    thresholdMetric: oneOfNames(THRESHOLD_METRICS, 'The metric the threshold applies to.'),
    along: text('The varied setting on the x axis of a grid.'),
    seeds: oneOfNames(['perRepeat', 'perRun'], 'One seed per repeat (shared by the settings), or per run.'),
  },
};

export const LIMITS_SHAPE: Shape = { fields: { timeoutSeconds: number('Wall-clock limit of one run in seconds (default 300).', { minimum: 1, maximum: 86_400 }), memoryMb: integer('Memory cap of the trainer process in MB (default 2048).', { minimum: 64, maximum: 65_536 }) } };
export const SWEEP_VALIDATION_SHAPE: Shape = { fields: { maxValues: { type: 'oneOf', description: 'At most this many values per axis (or per named axis) in dlx validate.', options: [integer('For every axis.', { minimum: 1 }), { type: 'map', description: 'Axis name -> its most values.', values: integer('The most values.', { minimum: 1 }) }] }, repeats: integer('Repeats in dlx validate.', { minimum: 1 }), samples: integer('Draws of a random search in dlx validate (its first ones).', { minimum: 1 }) } };

const INTERVAL = list(number('An end.'), '[low, high].', 2);
const DESCENT_PARAMETERS = object('The descent\'s parameters.', { start: { type: 'oneOf', description: 'Where it starts: a number (1-D) or a point (2-D).', options: [number('A 1-D start.'), list(number('A coordinate.'), 'A 2-D start.', 2)] }, learningRate: number('The step size.', { minimum: 0 }), steps: integer('How many steps.', { minimum: 0, maximum: 1_000_000 }) });
const FUNCTION_FIELD = object('What a function exercise ("kind": "function") expects and draws.', {
  exports: list(object('A function (or constant) the learner file exports.', { name: text('Its name.'), signature: text('Its TypeScript signature, as the README and the starter show it.'), returns: oneOfNames(RETURN_TYPES, 'What it returns (default any).'), callable: flag('A function (default true), or a constant.') }, ['name', 'signature']), 'The exports the checks call.', 1),
  objective: text('The export that is the function descended (drawn over the domain).'),
  derivative: text('The export that is its derivative (drawn beside it).'),
  domain: list(INTERVAL, 'One interval (1-D) or two (2-D).', 1),
  descent: object('The run\'s own descent.', { export: text('The export that descends.'), parameters: DESCENT_PARAMETERS }, ['export', 'parameters']),
  sweep: object('Descents repeated over one or two parameters.', { vary: { type: 'map', description: 'start, learningRate or steps, each with its values.', values: AXIS } }, ['vary']),
  reference: text('The reference the checks compare with (a file in the exercise folder; default the solution).'),
}, ['exports']);
const ARGUMENT: Field = { type: 'json', description: 'An argument: a number, a point, or an object (an optimizer\'s parameters, gradients, state).' };
const POINTS = { type: 'oneOf', description: 'Where the check calls: seeded random points, or given argument lists.', options: [
  object('Seeded random points, drawn when the check runs.', { seed: integer('The seed.', { minimum: 0 }), count: integer('How many.', { minimum: 1, maximum: 1000 }), ranges: list(INTERVAL, 'One interval per argument (default: the domain).'), integers: list(integer('An argument index.', { minimum: 0 }), 'Arguments drawn as whole numbers.') }, ['seed', 'count']),
  object('Given calls.', { args: list(list(ARGUMENT, 'One call\'s arguments.'), 'The calls.', 1) }, ['args']),
] } as const satisfies Field;
const ARGS = list(ARGUMENT, 'The call\'s arguments (default: the exercise\'s descent).');
const FUNCTION_CHECKS: Record<(typeof FUNCTION_CHECK_KINDS)[number], Field> = {
  compare: variant('compare', 'The learner\'s export agrees with the reference\'s on the check\'s points.', { name: NAME, export: text('The export.'), reference: text('The reference\'s export (default the same name).'), points: POINTS, tolerance: number('How far apart is still equal.', { minimum: 0 }), ...CHECK_GUIDANCE }, ['export', 'points']),
  value: variant('value', 'The export (called with args, or a constant) equals a value.', { name: NAME, export: text('The export.'), args: ARGS, equals: { type: 'json', description: 'The expected value.' }, tolerance: number('How far off is still equal.', { minimum: 0 }), ...CHECK_GUIDANCE }, ['export', 'equals']),
  descent: variant('descent', 'The descent\'s path ends near a point (within maxSteps).', { name: NAME, export: text('The export that descends.'), args: ARGS, endsNear: { type: 'oneOf', description: 'The point: a number (1-D) or a point (2-D).', options: [number('1-D.'), list(number('A coordinate.'), '2-D.', 2)] }, within: number('How near.', { minimum: 0 }), maxSteps: integer('At most this many steps.', { minimum: 0 }), ...CHECK_GUIDANCE }, ['export', 'endsNear', 'within']),
  trajectory: variant('trajectory', 'A property of the path.', { name: NAME, export: text('The export that descends.'), args: ARGS, property: oneOfNames(TRAJECTORY_PROPERTIES, 'descends, ascends, stepShrinks or staysPut.'), tolerance: number('Slack in the comparison.', { minimum: 0 }), ...CHECK_GUIDANCE }, ['export', 'property']),
  trains: variant('trains', 'The export, an update rule (params, grads, state, hyper) => [params, state], trains a small network through the engine; its loss per epoch agrees with tf.train.<optimizer>\'s from the same start, and falls.', {
    name: NAME, export: text('The update rule.'), optimizer: oneOfNames(OPTIMIZER_NAMES, 'The tfjs optimizer it is compared with.'),
    hyper: { type: 'map', description: `The rule's hyper-parameters, all of those the optimizer takes (${Object.entries(TRAINS_HYPER).map(([name, keys]) => `${name}: ${keys.join(', ')}`).join('; ')}); tfjs's optimizer gets the same.`, values: number('A value.', { minimum: 0 }) },
    model: object('The network trained.', {
      data: { type: 'oneOf', description: 'line (regression, mse) or clusters / rings (qwerties, crossEntropy on logits).', options: [RECIPES.line, RECIPES.clusters, RECIPES.rings] },
      hidden: list(integer('Units.', { minimum: 1, maximum: 64 }), 'Units of each hidden Dense layer (default [8]).'),
      activation: oneOfNames(TRAINS_ACTIVATIONS, 'The hidden layers\' activation (default relu).'),
      epochs: integer('Epochs.', { minimum: 1, maximum: 500 }), batchSize: integer('Rows per step (shuffled each epoch, seeded).', { minimum: 1 }),
      seed: integer('Seeds the data, the initial weights and the batch order (default 1).', { minimum: 0, maximum: 2 ** 31 - 1 }),
    }, ['data', 'epochs', 'batchSize']),
    tolerance: number('At every epoch the loss may differ from tfjs\'s by this fraction of it (default 0.001).', { minimum: 0 }), ...CHECK_GUIDANCE,
  }, ['export', 'optimizer', 'hyper', 'model']),
};

export const EXERCISE_SHAPE: Shape = {
  fields: {
    id: text('The exercise id: unique in the pack, used by `dlx run <id>`.'),
    title: text('The title learners see.'),
    summary: text('One line under the title.'),
    instructions: text('The README (Markdown) in the exercise folder.'),
    starter: text('The file a learner starts from (in the exercise folder); it must fail a check.'),
    solution: text('The reference solution (in the exercise folder); it must pass every check.'),
    learnerFile: { type: 'string', pattern: '^[^/\\\\]+\\.(ts|js|mjs|cjs)$', description: 'The file name a learner\'s copy of the starter gets in the workspace, like "model.ts".' },
    defaults: object('Experiment settings the exercise provides; the learner file\'s `experiment` overrides them unless locked.', SETTINGS),
    locked: list(oneOfNames(SETTING_NAMES, 'A setting.'), 'Settings the exercise fixes: a learner\'s value is replaced by the default, with a warning.'),
    limits: object('Limits of one run.', LIMITS_SHAPE.fields),
    checks: list({ type: 'oneOf', description: 'A check on one run (or, in a function exercise, on the calls).', options: [...Object.values(RUN_CHECKS), ...Object.values(FUNCTION_CHECKS)] }, 'What a run must show to pass.', 1),
    sweep: object('The exercise\'s sweep; a learner\'s `sweep` export overrides it field by field.', SWEEP_SHAPE.fields),
    sweepChecks: list({ type: 'oneOf', description: 'A check on a whole sweep.', options: Object.values(SWEEP_CHECKS) }, 'Checks on a whole sweep: this makes it a sweep exercise.', 1),
    sweepValidation: object('The reduced sizes `dlx validate` and `dlx sweep --quick` run the sweep with.', SWEEP_VALIDATION_SHAPE.fields),
    hints: HINTS,
    solutions: SOLUTIONS,
    prerequisites: list(text('An exercise id of this pack.'), 'Exercises of the same pack to do first.'),
    kind: oneOfNames(['model', 'function'], 'A model exercise (default: a learner file trains a model) or a function exercise (the learner writes functions the checks call).'),
    function: FUNCTION_FIELD,
  },
  required: ['id', 'title', 'instructions', 'starter', 'solution', 'learnerFile'],
};

export const PACK_SHAPE: Shape = {
  fields: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'The pack\'s name: a folder name, unique among installed packs; the .dlxpack is <name>-<version>.dlxpack.' },
    title: text('The title learners see.'),
    version: text('A semantic version (1.2.0): installing compares it, and refuses to go back.'),
    description: text('What the pack is about, shown as its tooltip.'),
    exercises: list(text('An exercise folder, relative to the pack.'), 'The exercise folders, in order.', 1),
    sections: list(object('A chapter.', { title: text('The chapter\'s title.'), exercises: list(text('An exercise id.'), 'Its exercises, in order.', 1) }, ['title', 'exercises']), 'Chapters the exercises view groups the exercises in; every exercise in one.'),
    solutions: SOLUTIONS,
  },
  required: ['name', 'title', 'version', 'exercises'],
};

export function packSchema(): object {
  return documentSchema('https://dl-exercises.dev/schemas/pack.schema.json', 'DL Exercises pack.json', PACK_SHAPE, 'An exercise pack: its name, version and exercise folders.');
}

export function exerciseSchema(): object {
  return documentSchema('https://dl-exercises.dev/schemas/exercise.schema.json', 'DL Exercises exercise.json', EXERCISE_SHAPE, 'One exercise: its files, experiment defaults, limits and checks.');
}

/** The committed schema files (schemas/), by name, and what generates each. */
export const SCHEMA_FILES: Record<string, () => object> = { 'pack.schema.json': packSchema, 'exercise.schema.json': exerciseSchema };
