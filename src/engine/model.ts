// Turns a learner's model (a tf.LayersModel from createModel(), or a class with forward(x))
// into one trainable shape: its variables in creation order and a forward function.
import * as fs from 'node:fs';
import type { ModelParams, ModelSummary, SourceLocation } from '../trainer/protocol';
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

function fromLayersModel(model: tfl.LayersModel, featureCount: number, style: 'layers' | 'class', module: LearnerModule): TrainableModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new DlxError('shape', `Your model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; exercises train models with one input and one output.`, { location: locateInModel(module, 'definition') });
  }
  const inputShape = model.inputs[0].shape;
  if (inputShape.length !== 2 || inputShape[1] !== featureCount) {
    throw new DlxError(
      'shape',
      `Your model's input takes examples of shape [${inputShape.slice(1).join(', ')}], but the data has ${featureCount} feature${featureCount === 1 ? '' : 's'} per example: set \`inputShape: [${featureCount}]\` on the first layer.`,
      { location: locateInModel(module, 'inputShape') },
    );
  }
  const outputShape = model.outputs[0].shape;
  if (outputShape.length !== 2) throw new DlxError('shape', `Your model's output has shape [${outputShape.join(', ')}]; it must be [batch, units].`, { location: locateInModel(module, 'lastLayer') });
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

function fromClass(module: LearnerModule, featureCount: number, params: ModelParams): TrainableModel {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  let instance: { forward?: unknown };
  try {
    instance = new (module.ModelClass as new (params: ModelParams) => unknown)(params) as { forward?: unknown };
  } catch (error) {
    throw learnerError(error, module.compiled, 'constructing your Model (its constructor)');
  }
  // `class Model extends tf.Sequential` is still a LayersModel: train it as one, the checks will tell.
  if (instance instanceof tfl.LayersModel) return fromLayersModel(instance, featureCount, 'layers', module);
  if (typeof instance.forward !== 'function') {
    throw new DlxError('exports', 'Your class `Model` has no `forward(x)` method. Add one that takes a tensor [batch, features] and returns the output tensor [batch, units].', { location: locateInModel(module, 'definition') });
  }
  const forward = (x: tf.Tensor2D): tf.Tensor2D => {
    try {
      const output = (instance.forward as (x: tf.Tensor2D) => unknown).call(instance, x);
      if (!(output instanceof tf.Tensor)) throw new DlxError('exports', `forward(x) returned ${describeValue(output)}, not a tensor.`, { location: locateInModel(module, 'forward') });
      if (output.rank !== 2) throw new DlxError('shape', `forward(x) returned a tensor of shape [${output.shape.join(', ')}]; it must be [batch, units].`, { location: locateInModel(module, 'forward') });
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
    throw new DlxError('exports', 'Your Model has no trainable variables: create layers in the constructor (e.g. `this.hidden = tf.layers.dense({ units: 16, inputShape: [2] })`) and apply them in forward(x).', { location: locateInModel(module, 'constructor') });
  }
  return {
    style: 'class',
    variables,
    forward,
    summary: summarize('class', variables, outputUnits),
    denseStack: () => traceDenseStack(instance, variables, featureCount),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

const CANDIDATE_ACTIVATIONS: Record<DenseActivation, (z: number) => number> = {
  linear: (z) => z,
  relu: (z) => Math.max(0, z),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
};

/** The activations that map `z` onto `next` (within float32 noise). */
function activationsBetween(z: Float32Array, next: Float32Array): DenseActivation[] {
  if (z.length !== next.length) return [];
  return (Object.keys(CANDIDATE_ACTIVATIONS) as DenseActivation[]).filter((name) =>
    z.every((value, i) => Math.abs(CANDIDATE_ACTIVATIONS[name](value) - next[i]) <= 1e-5 * (1 + Math.abs(next[i]))));
}

/**
 * A class model as a dense stack, when it is one: its Dense layers, applied once each in creation
 * order, with only relu/sigmoid/tanh between them. Found by watching one forward pass on probe
 * data: what each layer receives and returns, and what forward returns. The core then checks the
 * result against tfjs on the real data before trusting it.
 */
function traceDenseStack(instance: object, variables: tf.Variable[], featureCount: number): DenseLayerSpec[] | string {
  const fields = Object.values(instance).filter((value): value is tfl.layers.Layer => value instanceof tfl.layers.Layer);
  if (fields.some((layer) => layer.getClassName() !== 'Dense')) return 'the class uses layers other than Dense';
  const owned = new Map(fields.map((layer) => [layer, layer.trainableWeights.map((w) => w.read())]));
  const layers = [...owned.keys()].sort((a, b) => variables.indexOf(owned.get(a)![0] as tf.Variable) - variables.indexOf(owned.get(b)![0] as tf.Variable));
  if (layers.flatMap((layer) => owned.get(layer)!).length !== variables.length) return 'the class has variables outside its Dense layers';

  const calls: { layer: tfl.layers.Layer; input: Float32Array; output: Float32Array }[] = [];
  const rng = (seed => () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 6 - 3)(12345);
  let returned: Float32Array | undefined;
  tf.tidy(() => {
    for (const layer of layers) {
      const apply = layer.apply.bind(layer);
      (layer as { apply: unknown }).apply = (input: tf.Tensor, kwargs?: unknown) => {
        const output = apply(input, kwargs as never) as tf.Tensor;
        calls.push({ layer, input: input.dataSync() as Float32Array, output: output.dataSync() as Float32Array });
        return output;
      };
    }
    try {
      const probe = tf.tensor2d(Array.from({ length: 64 * featureCount }, rng), [64, featureCount]);
      returned = ((instance as { forward(x: tf.Tensor): tf.Tensor }).forward(probe)).dataSync() as Float32Array;
    } finally {
      for (const layer of layers) delete (layer as { apply?: unknown }).apply;
    }
  });
  if (calls.length !== layers.length || calls.some((call, i) => call.layer !== layers[i])) return 'forward(x) does not apply each Dense layer once, in the order they were created';

  const specs: DenseLayerSpec[] = [];
  for (const [i, { layer, output }] of calls.entries()) {
    const next = i + 1 < calls.length ? calls[i + 1].input : returned!;
    const own = String((layer.getConfig() as { activation?: string }).activation ?? 'linear');
    const between = activationsBetween(output, next);
    // One activation per layer: the layer's own, or one applied in forward(x) after a linear layer.
    const candidates = own === 'linear' ? between : between.includes('linear') && own in CANDIDATE_ACTIVATIONS ? [own as DenseActivation] : [];
    if (candidates.length !== 1) {
      return candidates.length > 1 ? `the activation after layer ${i + 1} is ambiguous on probe data` : `forward(x) does more than a dense stack after layer ${i + 1}`;
    }
    const activation = candidates[0];
    const [kernel, bias] = owned.get(layer)!.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    const [inputSize, units] = owned.get(layer)![0].shape;
    specs.push({ inputSize, units, activation, kernel, bias: bias ?? null });
  }
  return specs;
}

/** `params`: what a sweep varies in the model, handed to createModel(params) or new Model(params). */
export function instantiateModel(module: LearnerModule, featureCount: number, params: ModelParams = {}): TrainableModel {
  if (module.ModelClass) return fromClass(module, featureCount, params);
  let model: unknown;
  try {
    model = (module.createModel as (params: ModelParams) => unknown)(params);
  } catch (error) {
    throw learnerError(error, module.compiled, 'building the model in createModel()');
  }
  if (!(model instanceof tfl.LayersModel)) {
    throw new DlxError('exports', `createModel() returned ${describeValue(model)}, not a tf.LayersModel. Build one with tf.sequential({ layers: [...] }) or tf.model(...) and return it.`, { location: locateInModel(module, 'definition') });
  }
  return fromLayersModel(model, featureCount, 'layers', module);
}

type ModelPlace = 'definition' | 'inputShape' | 'lastLayer' | 'forward' | 'constructor';

const LAYER_CALL = /\b(?:tf\.)?layers\.\w+\s*\(/g;

/**
 * Where a model error belongs in the learner's file, found in its text (errors thrown after the
 * learner's code returned have no stack frame in it): inside \`createModel\` or \`class Model\`, the
 * first \`inputShape\` (else the first layer), the last layer, \`forward(\`, the constructor, or the
 * definition itself. Undefined when the definition is not in that file.
 */
function locateInModel(module: LearnerModule, place: ModelPlace): SourceLocation | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(module.compiled.file, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const comment = /^\s*(?:\/\/|\/\*|\*)/;
  const definition = module.ModelClass ? /\bclass\s+Model\b/ : /\bfunction\s*\*?\s*createModel\b|\bcreateModel\s*[=:]/;
  const start = lines.findIndex((line) => !comment.test(line) && definition.test(line));
  if (start < 0) return undefined;
  // The definition runs until the next top-level statement.
  const next = lines.findIndex((line, i) => i > start && /^[^\s}\])/]/.test(line));
  const body = lines.slice(start, next < 0 ? lines.length : next);
  const at = (index: number, column: number): SourceLocation => ({ file: module.compiled.file, line: start + index + 1, column: column + 1 });
  const find = (pattern: RegExp, which: 'first' | 'last' = 'first'): SourceLocation | undefined => {
    const found = body.flatMap((line, index) => (comment.test(line) ? [] : [...line.matchAll(new RegExp(pattern, 'g'))].map((match) => at(index, match.index))));
    return which === 'first' ? found[0] : found[found.length - 1];
  };
  const itself = at(0, body[0].search(definition));
  switch (place) {
    case 'inputShape': return find(/\b(?:inputShape|batchInputShape|inputDim)\b/) ?? find(LAYER_CALL) ?? itself;
    case 'lastLayer': return find(LAYER_CALL, 'last') ?? itself;
    case 'forward': return find(/\bforward\s*\(/) ?? itself;
    case 'constructor': return find(/\bconstructor\s*\(/) ?? itself;
    case 'definition': return itself;
  }
}
