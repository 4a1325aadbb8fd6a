// What the fused path can run. Anything else stays on tfjs, so a reason here is never an error
// for the learner, only a note for whoever wonders why training is slow.
import { LOSS_NAMES, OPTIMIZER_NAMES } from '../settings';
import { OPTIMIZER_VALUE_NAMES, type OptimizerValueName } from '../optimizers';
import { kernelsModule } from './wasm';

/** Enough of a model to decide: a FusedNetSpec qualifies, and so does a description taken from a tfjs
 *  model before its weights are read (activation as tfjs names it, e.g. 'softmax'; kernel/bias optional). */
export interface FusedSpecShape {
  layers: readonly {
    inputSize: number;
    units: number;
    activation: string;
    kernel?: ArrayLike<number>;
    bias?: ArrayLike<number> | null;
  }[];
  loss: string;
  optimizer: { name: string; learningRate: number } & Partial<Record<OptimizerValueName, number>>;
  /** The experiment's penalty terms; the fused net has none, so any of them keeps a model on tfjs. */
  penalties?: { weightDecay?: number; l1?: number };
}

const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh'];

const isSize = (v: number) => Number.isInteger(v) && v >= 1;

export function fusedUnsupportedReason(spec: FusedSpecShape): string | null {
  const { layers, loss, optimizer, penalties } = spec;
  if (layers.length === 0) return 'the model has no dense layers';
  for (let l = 0; l < layers.length; l++) {
    const { inputSize, units, activation, kernel, bias } = layers[l];
    const at = `layer ${l + 1}`;
    if (!isSize(inputSize) || !isSize(units)) return `${at} has a non-positive or fractional size`;
    if (l > 0 && inputSize !== layers[l - 1].units) {
      return `${at} takes ${inputSize} inputs but layer ${l} gives ${layers[l - 1].units}`;
    }
    if (!ACTIVATIONS.includes(activation)) return `${at} uses activation '${activation}' (fused path: ${ACTIVATIONS.join(', ')})`;
    if (kernel !== undefined && kernel.length !== inputSize * units) return `${at} kernel has ${kernel.length} values, not ${inputSize}x${units}`;
    if (bias != null && bias.length !== units) return `${at} bias has ${bias.length} values, not ${units}`;
  }
  const last = layers[layers.length - 1];
  switch (loss) {
    case 'crossEntropy':
      if (last.units < 2) return 'crossEntropy needs at least 2 output units';
      if (last.activation !== 'linear') return `crossEntropy expects logits (linear last layer), not ${last.activation}`;
      break;
    case 'binaryCrossEntropy':
      if (last.units !== 1) return 'binaryCrossEntropy needs exactly 1 output unit';
      if (last.activation !== 'sigmoid') return `binaryCrossEntropy expects a sigmoid last layer, not ${last.activation}`;
      break;
    case 'binaryCrossEntropyWithLogits':
      if (last.units !== 1) return 'binaryCrossEntropyWithLogits needs exactly 1 output unit';
      if (last.activation !== 'linear') return `binaryCrossEntropyWithLogits expects a logit (linear last layer), not ${last.activation}`;
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
  const penalty = (['weightDecay', 'l1'] as const).find((name) => (penalties?.[name] ?? 0) !== 0);
  if (penalty) return `the experiment sets ${penalty}, and the fast path has no penalty terms`;
  if (!kernelsModule()) return 'this runtime has no WebAssembly SIMD';
  return null;
}
