// What the fused path can run. Anything else stays on tfjs, so a reason here is never an error
// for the learner, only a note for whoever wonders why training is slow.
import { LOSS_NAMES, OPTIMIZER_NAMES } from '../settings';
import { OPTIMIZER_VALUE_NAMES, type OptimizerValueName } from '../optimizers';
import type { PostOp, RegularizerSpec } from './spec';
import { kernelsModule } from './wasm';

/** Enough of a model to decide: a FusedNetSpec qualifies, and so does a description taken from a tfjs
 *  model before its weights are read (activation as tfjs names it, e.g. 'softmax'; kernel/bias optional). */
export interface FusedSpecShape {
  layers: readonly {
    inputSize: number;
    units: number;
    activation: string;
    alpha?: number;
    kernel?: ArrayLike<number>;
    bias?: ArrayLike<number> | null;
    kernelRegularizer?: RegularizerSpec;
    biasRegularizer?: RegularizerSpec;
    after?: readonly PostOp[];
  }[];
  loss: string;
  optimizer: { name: string; learningRate: number } & Partial<Record<OptimizerValueName, number>>;
  /** The experiment's penalty terms (weightDecay, the course's l1). */
  penalties?: { weightDecay?: number; l1?: number };
}

export const FUSED_ACTIVATIONS: readonly string[] = ['linear', 'relu', 'sigmoid', 'tanh', 'leakyRelu', 'relu6', 'elu', 'selu', 'softplus', 'gelu'];

const isSize = (v: number) => Number.isInteger(v) && v >= 1;
const isPenalty = (v: number | undefined) => v === undefined || (Number.isFinite(v) && v >= 0);

function activationReason(activation: string, alpha: number | undefined, at: string): string | null {
  if (!FUSED_ACTIVATIONS.includes(activation)) return `${at} uses activation '${activation}' (fused path: ${FUSED_ACTIVATIONS.join(', ')})`;
  if (activation === 'leakyRelu' && !(alpha !== undefined && Number.isFinite(alpha))) return `${at}: leakyRelu needs its slope (alpha) stated`;
  return null;
}

function postOpReason(op: PostOp, units: number, at: string): string | null {
  switch (op.kind) {
    case 'activation': return activationReason(op.activation, op.alpha, at);
    case 'dropout':
      // tfjs skips a dropout of rate 0 or 1 altogether; rate 1 is refused before training (model.ts).
      return op.rate >= 0 && op.rate < 1 ? null : `${at} has a dropout rate of ${op.rate} (fused path: 0 <= rate < 1)`;
    case 'batchNorm': {
      const sizes = [op.gamma, op.beta, op.movingMean, op.movingVariance].every((v) => v === null || v.length === units);
      if (!sizes) return `${at} has batch-norm statistics of the wrong size`;
      return Number.isFinite(op.momentum) && op.epsilon > 0 ? null : `${at} has a batch-norm momentum or epsilon out of range`;
    }
  }
}

export function fusedUnsupportedReason(spec: FusedSpecShape): string | null {
  const { layers, loss, optimizer, penalties } = spec;
  if (layers.length === 0) return 'the model has no dense layers';
  for (let l = 0; l < layers.length; l++) {
    const { inputSize, units, activation, alpha, kernel, bias, kernelRegularizer, biasRegularizer, after } = layers[l];
    const at = `layer ${l + 1}`;
    if (!isSize(inputSize) || !isSize(units)) return `${at} has a non-positive or fractional size`;
    if (l > 0 && inputSize !== layers[l - 1].units) {
      return `${at} takes ${inputSize} inputs but layer ${l} gives ${layers[l - 1].units}`;
    }
    const actReason = activationReason(activation, alpha, at);
    if (actReason) return actReason;
    if (kernel !== undefined && kernel.length !== inputSize * units) return `${at} kernel has ${kernel.length} values, not ${inputSize}x${units}`;
    if (bias != null && bias.length !== units) return `${at} bias has ${bias.length} values, not ${units}`;
    if (![kernelRegularizer, biasRegularizer].every((r) => r === undefined || (isPenalty(r.l1) && isPenalty(r.l2)))) return `${at} has a regularizer that is not a finite number >= 0`;
    for (const op of after ?? []) {
      const opReason = postOpReason(op, units, at);
      if (opReason) return opReason;
    }
  }
  const last = layers[layers.length - 1];
  // The loss reads the last layer's activation; ops after it (an activation layer, batch norm) change what it sees.
  const lastActivation = (last.after ?? []).some((op) => op.kind !== 'dropout') ? 'an op after the last Dense layer' : last.activation;
  switch (loss) {
    case 'crossEntropy':
      if (last.units < 2) return 'crossEntropy needs at least 2 output units';
      if (lastActivation !== 'linear') return `crossEntropy expects logits (linear last layer), not ${lastActivation}`;
      break;
    case 'binaryCrossEntropy':
      if (last.units !== 1) return 'binaryCrossEntropy needs exactly 1 output unit';
      if (lastActivation !== 'sigmoid') return `binaryCrossEntropy expects a sigmoid last layer, not ${lastActivation}`;
      break;
    case 'binaryCrossEntropyWithLogits':
      if (last.units !== 1) return 'binaryCrossEntropyWithLogits needs exactly 1 output unit';
      if (lastActivation !== 'linear') return `binaryCrossEntropyWithLogits expects a logit (linear last layer), not ${lastActivation}`;
      break;
    case 'mse':
      if (last.units !== 1) return 'mse needs exactly 1 output unit (targets are one value per row)';
      break;
    default:
      return `unknown loss '${loss}' (known: ${LOSS_NAMES.join(', ')})`;
  }
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(optimizer.name)) return `unknown optimizer '${optimizer.name}'`;
  if (!Number.isFinite(optimizer.learningRate)) return 'learning rate is not a finite number';
  const notFinite = OPTIMIZER_VALUE_NAMES.find((name) => optimizer[name] !== undefined && !Number.isFinite(optimizer[name]));
  if (notFinite) return `${notFinite} is not a finite number`;
  const penalty = (['weightDecay', 'l1'] as const).find((name) => !isPenalty(penalties?.[name]));
  if (penalty) return `${penalty} is not a finite number >= 0`;
  if (!kernelsModule()) return 'this runtime has no WebAssembly SIMD';
  return null;
}
