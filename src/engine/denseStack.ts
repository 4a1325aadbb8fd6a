// A tfjs layers model as the fused path's dense stack: Dense layers in one chain, each followed by
// what the fast path can run after it (activation layers, dropout, batch norm), with the layers'
// L1/L2 regularizers. Anything else is a reason, and the model trains on tfjs.
import type { DenseActivation, DenseLayerSpec, PostOp, RegularizerSpec } from './fused/spec';
import { FUSED_ACTIVATIONS } from './fused/support';
import { tfl } from './tf';

type Config = Record<string, unknown>;

/** Dense's extras the fast path cannot honour; kernel/bias regularizers it can. */
const UNFUSABLE_DENSE_EXTRAS = ['activityRegularizer', 'kernelConstraint', 'biasConstraint'];
const UNFUSABLE_NORM_EXTRAS = ['gammaRegularizer', 'betaRegularizer', 'gammaConstraint', 'betaConstraint'];

/** tfjs's serialized L1L2 ({ className: 'L1L2', config: { l1, l2 } }), or why not. */
function regularizerOf(value: unknown, what: string): RegularizerSpec | undefined | string {
  if (value == null) return undefined;
  const { className, config } = value as { className?: string; config?: { l1?: number; l2?: number } };
  if (className !== 'L1L2') return `a ${what} of class ${className ?? 'unknown'} (the fast path takes tf.regularizers.l1, l2, l1l2)`;
  return { l1: config?.l1 ?? 0, l2: config?.l2 ?? 0 };
}

/** The Dense parts the fast path honours: its activation (as tfjs serializes it) and regularizers. */
export function denseExtrasOf(config: Config, at: string): Pick<DenseLayerSpec, 'activation' | 'kernelRegularizer' | 'biasRegularizer'> | string {
  const activation = String(config.activation ?? 'linear');
  if (activation === 'leakyRelu' || !FUSED_ACTIVATIONS.includes(activation)) return `${at} uses the ${activation} activation`;
  const extra = UNFUSABLE_DENSE_EXTRAS.find((name) => config[name] != null);
  if (extra) return `${at} has a ${extra}`;
  const kernelRegularizer = regularizerOf(config.kernelRegularizer, 'kernelRegularizer');
  const biasRegularizer = regularizerOf(config.biasRegularizer, 'biasRegularizer');
  if (typeof kernelRegularizer === 'string') return `${at} has ${kernelRegularizer}`;
  if (typeof biasRegularizer === 'string') return `${at} has ${biasRegularizer}`;
  return { activation: activation as DenseActivation, ...(kernelRegularizer ? { kernelRegularizer } : {}), ...(biasRegularizer ? { biasRegularizer } : {}) };
}

/** A layer after a Dense one as a fused op, or why the fast path cannot take it. */
function postOpOf(layer: tfl.layers.Layer, at: string): PostOp | string {
  const name = layer.getClassName();
  const config = layer.getConfig() as Config;
  switch (name) {
    case 'Activation': {
      const activation = String(config.activation);
      return FUSED_ACTIVATIONS.includes(activation) && activation !== 'leakyRelu' ? { kind: 'activation', activation: activation as DenseActivation } : `${at} applies the ${activation} activation`;
    }
    case 'LeakyReLU': return { kind: 'activation', activation: 'leakyRelu', alpha: Number(config.alpha) };
    case 'ReLU': return config.maxValue == null ? { kind: 'activation', activation: 'relu' } : `${at} is a ReLU with maxValue ${String(config.maxValue)}`;
    // tfjs's ELU layer refuses any alpha but 1.
    case 'ELU': return { kind: 'activation', activation: 'elu' };
    case 'Dropout': {
      const { noiseShape } = layer as unknown as { noiseShape?: unknown };
      return noiseShape == null ? { kind: 'dropout', rate: Number(config.rate) } : `${at} is a Dropout with a noiseShape`;
    }
    case 'BatchNormalization': {
      if (config.axis !== -1 && config.axis !== 1) return `${at} normalizes over axis ${String(config.axis)}`;
      const extra = UNFUSABLE_NORM_EXTRAS.find((field) => config[field] != null);
      if (extra) return `${at} has a ${extra}`;
      const weights = layer.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
      const gamma = config.scale ? weights.shift()! : null;
      const beta = config.center ? weights.shift()! : null;
      const [movingMean, movingVariance] = weights;
      return { kind: 'batchNorm', gamma, beta, movingMean, movingVariance, momentum: Number(config.momentum), epsilon: Number(config.epsilon) };
    }
    default:
      return `${at} is ${name}, and the fast path handles Dense layers, activation layers, Dropout and BatchNormalization only`;
  }
}

export function denseStackOf(model: tfl.LayersModel): DenseLayerSpec[] | string {
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  const specs: DenseLayerSpec[] = [];
  for (const [i, layer] of layers.entries()) {
    const at = `layer ${i + 1}`;
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    if (i > 0 && (inbound.length !== 1 || inbound[0] !== layers[i - 1])) return 'the layers do not form a single chain';
    if (layer.getClassName() === 'Dense') {
      const extras = denseExtrasOf(layer.getConfig() as Config, at);
      if (typeof extras === 'string') return extras;
      const [kernel, bias] = layer.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
      const [inputSize, units] = layer.getWeights()[0].shape;
      specs.push({ inputSize, units, ...extras, kernel, bias: bias ?? null });
      continue;
    }
    const current = specs[specs.length - 1];
    if (!current) return `${at} is ${layer.getClassName()} before the first Dense layer, and the fast path starts with one`;
    const op = postOpOf(layer, at);
    if (typeof op === 'string') return op;
    // An activation layer right after a linear Dense is that layer's activation (the kernels' own where they have it).
    if (op.kind === 'activation' && current.activation === 'linear' && !current.after) {
      current.activation = op.activation;
      if (op.alpha !== undefined) current.alpha = op.alpha;
    } else {
      (current.after ??= []).push(op);
    }
  }
  return specs.length > 0 ? specs : 'the model has no layers';
}

/**
 * The layers as evaluation mode runs them, as the verifier rebuilds a chain (one activation per Dense layer):
 * dropout is the identity there; batch norm or a second activation make it something else.
 */
export function evaluationChain(layers: readonly DenseLayerSpec[]): DenseLayerSpec[] | string {
  const chain: DenseLayerSpec[] = [];
  for (const [i, layer] of layers.entries()) {
    const { after, ...dense } = layer;
    const kept = (after ?? []).filter((op) => op.kind !== 'dropout');
    if (kept.some((op) => op.kind === 'batchNorm')) return `layer ${i + 1} is followed by batch normalization`;
    if (kept.length > 1 || (kept.length === 1 && dense.activation !== 'linear')) return `layer ${i + 1} is followed by more than one activation`;
    const op = kept[0];
    chain.push(op?.kind === 'activation' ? { ...dense, activation: op.activation, ...(op.alpha !== undefined ? { alpha: op.alpha } : {}) } : dense);
  }
  return chain;
}
