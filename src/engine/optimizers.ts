// The optimizer's values and the learning-rate schedule: PyTorch's defaults where tfjs's differ,
// one resolution for both step engines (tfjs and the fused path), so both run the same numbers.
// Pure: no tfjs here (stepEngines.ts turns the values into a tf.Optimizer).
import { DlxError } from './errors';
import type { ExperimentSettings, LrSchedule, OptimizerName } from './settings';
import type { Validator } from './validate';

export type OptimizerValueName = 'momentum' | 'beta1' | 'beta2' | 'epsilon' | 'rho';

/** What one optimizer ran with: its name, the (initial) learning rate and every value it uses (documented in settings.ts). */
export type OptimizerValues = { name: OptimizerName; learningRate: number } & Pick<ExperimentSettings, OptimizerValueName>;

export const OPTIMIZER_VALUE_NAMES: readonly OptimizerValueName[] = ['momentum', 'beta1', 'beta2', 'epsilon', 'rho'];

/** The values each optimizer uses and their defaults: PyTorch's, except momentum's (PyTorch's SGD has none). */
const USES: Record<OptimizerName, Partial<Record<OptimizerValueName, number>>> = {
  sgd: {},
  momentum: { momentum: 0.9 },
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  rmsprop: { rho: 0.99, epsilon: 1e-8 },
};

/** Where a default here is not tfjs's: said once in the run's notes. */
const TFJS_DIFFERS: Partial<Record<OptimizerValueName, string>> = {
  epsilon: "tfjs's is 1e-7",
  rho: "RMSprop alpha; tfjs's decay is 0.9",
};

/** Every value the optimizer uses, the experiment's or the default; a value it does not use is an error. */
export function optimizerValues(settings: Pick<ExperimentSettings, 'optimizer' | 'learningRate' | OptimizerValueName>): OptimizerValues {
  const uses = USES[settings.optimizer];
  const values: OptimizerValues = { name: settings.optimizer, learningRate: settings.learningRate };
  for (const name of OPTIMIZER_VALUE_NAMES) {
    const given = settings[name];
    if (name in uses) values[name] = given ?? uses[name];
    else if (given !== undefined) {
      const takers = (Object.keys(USES) as OptimizerName[]).filter((o) => name in USES[o]).map((o) => `'${o}'`).join(' and ');
      throw new DlxError('settings', `The experiment sets ${name}, which the optimizer '${settings.optimizer}' does not use: ${name} is for ${takers}. Remove it, or choose one of those optimizers.`);
    }
  }
  return values;
}

/** The same, for values already named by optimizer (a fused spec, a test): the missing ones get the defaults. */
export function completeOptimizerValues(values: OptimizerValues): OptimizerValues {
  return optimizerValues({ ...values, optimizer: values.name });
}

/** The values the run used, with where they differ from PyTorch's or tfjs's defaults; null for sgd. */
export function optimizerNote(values: OptimizerValues): string | null {
  const uses = USES[values.name];
  const parts = OPTIMIZER_VALUE_NAMES.filter((name) => values[name] !== undefined).map((name) => {
    const value = values[name]!;
    if (value !== uses[name]) return `${name} ${value} (PyTorch's default is ${uses[name]})`;
    return `${name} ${value} (PyTorch's default${TFJS_DIFFERS[name] ? `; ${TFJS_DIFFERS[name]}` : ''})`;
  });
  if (parts.length === 0) return null;
  const placement = values.name === 'rmsprop' ? "; as in tfjs, epsilon is added under the square root, sqrt(v + eps), where PyTorch adds it after, sqrt(v) + eps" : '';
  return `Optimizer ${values.name}: ${parts.join(', ')}${placement}.`;
}

/** The learning rate of a 1-based epoch, as PyTorch's StepLR / ExponentialLR stepped once per epoch. */
export function learningRateAt(initial: number, schedule: LrSchedule | undefined, epoch: number): number {
  if (!schedule) return initial;
  const steps = schedule.kind === 'step' ? Math.floor((epoch - 1) / schedule.every) : epoch - 1;
  return initial * schedule.gamma ** steps;
}

/** One line of what ran, e.g. "adam lr 0.01, beta1 0.9, beta2 0.999, epsilon 1e-8, lr × 0.5 every 10 epochs". */
export function describeOptimizer(values: OptimizerValues & { lrSchedule?: LrSchedule }): string {
  const parts = OPTIMIZER_VALUE_NAMES.filter((name) => values[name] !== undefined).map((name) => `${name} ${values[name]}`);
  const schedule = values.lrSchedule ? [`lr ${describeSchedule(values.lrSchedule)}`] : [];
  return [`${values.name} lr ${values.learningRate}`, ...parts, ...schedule].join(', ');
}

export function describeSchedule(schedule: LrSchedule): string {
  return schedule.kind === 'step' ? `× ${schedule.gamma} every ${schedule.every} epochs` : `× ${schedule.gamma} every epoch`;
}

/** A decay rate in [0, 1): adam's betas, rmsprop's rho. */
export function parseDecayRate(raw: unknown, path: string, v: Validator): number {
  const value = v.number(raw, path, { min: 0 });
  if (value >= 1) v.fail(path, `must be below 1 (a decay rate in [0, 1)), got ${value}.`);
  return value;
}

export function parseEpsilon(raw: unknown, path: string, v: Validator): number {
  const value = v.number(raw, path);
  if (value <= 0) v.fail(path, `must be above 0, got ${value}.`);
  return value;
}

export function parseLrSchedule(raw: unknown, path: string, v: Validator): LrSchedule {
  const object = v.object(raw, path);
  const kind = v.oneOf(object.kind, `${path}.kind`, ['step', 'exponential'] as const);
  const gamma = v.number(object.gamma, `${path}.gamma`);
  if (gamma <= 0) v.fail(`${path}.gamma`, `must be above 0 (the factor the learning rate is multiplied by), got ${gamma}.`);
  if (kind === 'exponential') {
    v.onlyKeys(object, path, ['kind', 'gamma']);
    return { kind, gamma };
  }
  v.onlyKeys(object, path, ['kind', 'every', 'gamma']);
  return { kind, every: v.number(object.every, `${path}.every`, { min: 1, integer: true }), gamma };
}
