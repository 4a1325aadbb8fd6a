// Turns a learner's model (a tf.LayersModel from createModel(), or a class with forward(x))
// into one trainable shape: its variables in creation order and a forward function.
import type { ModelSummary } from '../trainer/protocol';
import { DlxError } from './errors';
import type { DenseActivation, DenseLayerSpec } from './fused/spec';
import { learnerError, type LearnerModule } from './learner';
import { tfc as tf, tfl } from './tf';

export interface TrainableModel {
  style: 'layers' | 'class';
  variables: tf.Variable[];
  /** Training-mode forward pass; [rows, features] -> [rows, units]. */
  forward(x: tf.Tensor2D): tf.Tensor2D;
  summary: ModelSummary;
  /** The layers as a plain dense stack for the fused path, or why that is not possible. */
  denseStack(): DenseLayerSpec[] | string;
  dispose(): void;
}

const FUSABLE_ACTIVATIONS: readonly string[] = ['linear', 'relu', 'sigmoid', 'tanh'];

function summarize(style: 'layers' | 'class', variables: tf.Variable[], outputUnits: number): ModelSummary {
  return {
    style,
    variableShapes: variables.map((v) => [...v.shape]),
    parameters: variables.reduce((sum, v) => sum + v.size, 0),
    outputUnits,
  };
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (is a `return` missing?)';
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object of type ${value.constructor?.name ?? 'Object'}`;
  return `a ${typeof value}`;
}

function fromLayersModel(model: tfl.LayersModel, featureCount: number, style: 'layers' | 'class'): TrainableModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new DlxError('shape', `Your model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; exercises train models with one input and one output.`);
  }
  const inputShape = model.inputs[0].shape;
  if (inputShape.length !== 2 || inputShape[1] !== featureCount) {
    throw new DlxError(
      'shape',
      `Your model's input takes examples of shape [${inputShape.slice(1).join(', ')}], but the data has ${featureCount} feature${featureCount === 1 ? '' : 's'} per example: set \`inputShape: [${featureCount}]\` on the first layer.`,
    );
  }
  const outputShape = model.outputs[0].shape;
  if (outputShape.length !== 2) throw new DlxError('shape', `Your model's output has shape [${outputShape.join(', ')}]; it must be [batch, units].`);
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  return {
    style,
    variables,
    forward: (x) => model.apply(x, { training: true }) as tf.Tensor2D,
    summary: summarize(style, variables, outputShape[1] as number),
    denseStack: () => denseStackOf(model),
    dispose: () => model.dispose(),
  };
}

function denseStackOf(model: tfl.LayersModel): DenseLayerSpec[] | string {
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  const specs: DenseLayerSpec[] = [];
  for (const [i, layer] of layers.entries()) {
    if (layer.getClassName() !== 'Dense') return `layer ${i + 1} is ${layer.getClassName()}, and the fast path handles Dense layers only`;
    const config = layer.getConfig() as Record<string, unknown>;
    const activation = String(config.activation ?? 'linear');
    if (!FUSABLE_ACTIVATIONS.includes(activation)) return `layer ${i + 1} uses the ${activation} activation`;
    for (const extra of ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint']) {
      if (config[extra] != null) return `layer ${i + 1} has a ${extra}`;
    }
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    if (i > 0 && (inbound.length !== 1 || inbound[0] !== layers[i - 1])) return 'the layers do not form a single chain';
    const [kernel, bias] = layer.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
    const [inputSize, units] = layer.getWeights()[0].shape;
    specs.push({ inputSize, units, activation: activation as DenseActivation, kernel, bias: bias ?? null });
  }
  return specs.length > 0 ? specs : 'the model has no layers';
}

function fromClass(module: LearnerModule, featureCount: number): TrainableModel {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  let instance: { forward?: unknown };
  try {
    instance = new module.ModelClass!() as { forward?: unknown };
  } catch (error) {
    throw learnerError(error, module.compiled, 'constructing your Model (its constructor)');
  }
  // `class Model extends tf.Sequential` is still a LayersModel: train it as one, the checks will tell.
  if (instance instanceof tfl.LayersModel) return fromLayersModel(instance, featureCount, 'layers');
  if (typeof instance.forward !== 'function') {
    throw new DlxError('exports', 'Your class `Model` has no `forward(x)` method. Add one that takes a tensor [batch, features] and returns the output tensor [batch, units].');
  }
  const forward = (x: tf.Tensor2D): tf.Tensor2D => {
    try {
      const output = (instance.forward as (x: tf.Tensor2D) => unknown).call(instance, x);
      if (!(output instanceof tf.Tensor)) throw new DlxError('exports', `forward(x) returned ${describeValue(output)}, not a tensor.`);
      if (output.rank !== 2) throw new DlxError('shape', `forward(x) returned a tensor of shape [${output.shape.join(', ')}]; it must be [batch, units].`);
      return output as tf.Tensor2D;
    } catch (error) {
      throw learnerError(error, module.compiled, 'running forward(x)');
    }
  };
  // Layers create their variables on first use: one probe pass builds them.
  const outputUnits = tf.tidy(() => forward(tf.zeros([2, featureCount])).shape[1]);
  const variables = Object.entries(tf.engine().registeredVariables)
    .filter(([name, variable]) => !before.has(name) && variable.trainable)
    .map(([, variable]) => variable);
  if (variables.length === 0) {
    throw new DlxError('exports', 'Your Model has no trainable variables: create layers in the constructor (e.g. `this.hidden = tf.layers.dense({ units: 16, inputShape: [2] })`) and apply them in forward(x).');
  }
  return {
    style: 'class',
    variables,
    forward,
    summary: summarize('class', variables, outputUnits),
    denseStack: () => 'class models run on tfjs (the fast path compiles tf.LayersModel dense stacks)',
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

export function instantiateModel(module: LearnerModule, featureCount: number): TrainableModel {
  if (module.ModelClass) return fromClass(module, featureCount);
  let model: unknown;
  try {
    model = module.createModel!();
  } catch (error) {
    throw learnerError(error, module.compiled, 'building the model in createModel()');
  }
  if (!(model instanceof tfl.LayersModel)) {
    throw new DlxError('exports', `createModel() returned ${describeValue(model)}, not a tf.LayersModel. Build one with tf.sequential({ layers: [...] }) or tf.model(...) and return it.`);
  }
  return fromLayersModel(model, featureCount, 'layers');
}
