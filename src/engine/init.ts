// `init: 'pytorch'`: Dense layers start as torch.nn.Linear does, not as tfjs's dense does.
// PyTorch's Linear.reset_parameters: kaiming_uniform_(weight, a=sqrt(5)), whose bound
// gain * sqrt(3 / fan_in) with gain = sqrt(2 / (1 + 5)) is 1 / sqrt(fan_in); the bias is
// U(-1/sqrt(fan_in), 1/sqrt(fan_in)) too. tfjs's dense: a glorotNormal kernel (a normal truncated
// at two standard deviations, std sqrt(2 / (fan_in + fan_out)) before the cut), zero bias.
import { DlxError } from './errors';
import type { LearnerModule } from './learner';
import { instantiateModel, type TrainableModel } from './model';
import type { ModelParams } from './results';
import type { ExperimentSettings } from './settings';
import { createRng, deriveSeed } from './rng';
import { tfc as tf, tfl } from './tf';

/** PyTorch's default for Linear(fan_in, ...): weights and biases uniform in +-1/sqrt(fan_in). */
export function torchLinearBound(fanIn: number): number {
  return 1 / Math.sqrt(fanIn);
}

/** A dense layer's initializers as tfjs fills them in when none is named (glorotNormal kernel, zero bias). */
function tfjsDenseDefaults(): { kernel: string; bias: string } {
  const config = tfl.layers.dense({ units: 1 }).getConfig();
  return { kernel: JSON.stringify(config.kernelInitializer), bias: JSON.stringify(config.biasInitializer) };
}

/** tfjs's own defaults: a layer that names another initializer keeps it. */
function usesTfjsDefaults(config: Record<string, unknown>, defaults: { kernel: string; bias: string }): boolean {
  return JSON.stringify(config.kernelInitializer) === defaults.kernel && (config.useBias === false || JSON.stringify(config.biasInitializer) === defaults.bias);
}

/**
 * Re-draws every Dense layer that uses tfjs's default initializers the PyTorch way, seeded; returns
 * the notes for the run (what was re-initialized, and what kept its own initialization and why).
 */
export function initializeLikePytorch(model: TrainableModel, seed: number): string[] {
  const dense = model.layers.filter((layer) => layer.getClassName() === 'Dense');
  if (dense.length === 0) {
    throw new DlxError('settings', "init: 'pytorch' re-initializes Dense layers the way torch.nn.Linear does, and your model has no Dense layer. Remove init, or use Dense layers.");
  }
  const uniform = createRng(deriveSeed(seed, 'pytorchInit'));
  const defaults = tfjsDenseDefaults();
  const own = dense.filter((layer) => !usesTfjsDefaults(layer.getConfig() as Record<string, unknown>, defaults));
  const redrawn = dense.filter((layer) => !own.includes(layer));
  for (const layer of redrawn) {
    const weights = layer.getWeights();
    const bound = torchLinearBound(weights[0].shape[0]);
    const drawn = weights.map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => (2 * uniform() - 1) * bound), w.shape));
    layer.setWeights(drawn);
    drawn.forEach((t) => t.dispose());
  }
  const inLayers = new Set(model.layers.flatMap((layer) => layer.trainableWeights.map((w) => w.read())));
  const outside = model.variables.filter((v) => !inLayers.has(v)).length;
  const others = [...new Set(model.layers.filter((layer) => layer.getClassName() !== 'Dense' && layer.trainableWeights.length > 0).map((layer) => layer.getClassName()))];
  const notes = [`init 'pytorch': ${redrawn.length} Dense layer${redrawn.length === 1 ? '' : 's'} start${redrawn.length === 1 ? 's' : ''} as torch.nn.Linear does (weights and biases uniform in ±1/sqrt(fan_in)).`];
  if (own.length > 0) notes.push(`init 'pytorch' left ${own.length} Dense layer${own.length === 1 ? '' : 's'} with ${own.length === 1 ? 'its' : 'their'} own kernelInitializer or biasInitializer, as written.`);
  if (others.length > 0) notes.push(`init 'pytorch' re-initializes Dense layers only: ${others.join(', ')} keep${others.length === 1 ? 's' : ''} tfjs's initialization.`);
  if (outside > 0) notes.push(`init 'pytorch' re-initializes Dense layers only: ${outside} variable${outside === 1 ? '' : 's'} created outside a layer keep${outside === 1 ? 's' : ''} ${outside === 1 ? 'its' : 'their'} own initialization.`);
  return notes;
}

/** The learner's model as a run starts it: tfjs's initialisers seeded from the run's seed, then `init: 'pytorch'` if asked (the trainer, and bench/export-recipe.ts). */
export function createSeededModel(learner: LearnerModule, features: number, settings: Pick<ExperimentSettings, 'seed' | 'init'>, params: ModelParams): TrainableModel {
  // tfjs initialisers draw their seeds from Math.random: make weight init reproducible.
  const original = Math.random;
  Math.random = createRng(deriveSeed(settings.seed, 'init'));
  let model: TrainableModel;
  try {
    model = instantiateModel(learner, features, params);
  } finally {
    Math.random = original;
  }
  try {
    if (settings.init === 'pytorch') model.notes.push(...initializeLikePytorch(model, settings.seed));
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
