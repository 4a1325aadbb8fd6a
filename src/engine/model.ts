// Turns a learner's model (a tf.LayersModel from createModel(), or a class with forward(x))
// into one trainable shape: its variables in creation order and a forward function.
import * as fs from 'node:fs';
import type { ModelParams, ModelSummary, SourceLocation } from './results';
import { DlxError } from './errors';
import { activationOf } from './fused/activations';
import type { DenseActivation, DenseLayerSpec } from './fused/spec';
import { denseExtrasOf, denseStackOf } from './denseStack';
import { learnerError, locateInLearnerCode, type CompiledLearnerFile, type LearnerModule } from './learner';
import { tfc as tf, tfl } from './tf';

export interface TrainableModel {
  style: 'layers' | 'class';
  variables: tf.Variable[];
  /** Every variable, trainable or not (batch norm's running statistics): what a weights snapshot holds. */
  allVariables: tf.Variable[];
  /** [rows, features] -> [rows, units], in training mode or in evaluation mode (PyTorch's model.train() / model.eval()). */
  forward(x: tf.Tensor2D, training: boolean): tf.Tensor2D;
  /** Both modes are one function: tfjs's own mode-free layers only (no dropout, batch norm, learner subclass or class forward that could branch on the mode). */
  sameInBothModes: boolean;
  /** The layers' kernelRegularizer / biasRegularizer / gammaRegularizer... terms, tfjs's own, on the current weights. */
  layerPenalties: (() => tf.Scalar)[];
  /** The variables that are not biases (kernels, batch-norm gammas, raw tf.variables): what the course's L1 term sums. */
  nonBiasVariables: tf.Variable[];
  /** Projects constrained weights (kernelConstraint...) back after an optimizer step, as Keras does. */
  applyConstraints(): void;
  /** The layers, nested models opened (for a class: those it holds in its fields): what `init: 'pytorch'` re-initializes. */
  layers: tfl.layers.Layer[];
  /** Plain-language observations for the run's warnings. */
  notes: string[];
  summary: ModelSummary;
  /** The layers as a plain dense stack for the fused path, or why that is not possible. */
  denseStack(): DenseLayerSpec[] | string;
  /** What a checkpoint holds besides the weights: tfjs's topology (null for a class: weights only) and a name for each of allVariables. */
  savedForm(): { modelTopology: object | null; weightNames: string[] };
  dispose(): void;
}

/** Layers whose output does not depend on the mode; any other (Dropout, BatchNormalization, unknown) may. */
const MODE_FREE_LAYERS: ReadonlySet<string> = new Set([
  'InputLayer', 'Dense', 'Activation', 'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'ReLU', 'LeakyReLU', 'PReLU', 'ELU',
  'ThresholdedReLU', 'Softmax', 'Add', 'Concatenate', 'Multiply', 'Average', 'Maximum', 'Minimum', 'LayerNormalization',
]);

/**
 * A layer of tfjs's own class for its name: a learner's subclass keeps the name (getClassName is
 * inherited) but may branch on the mode in its own call().
 */
function isLibraryLayer(layer: tfl.layers.Layer): boolean {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
  return registered !== undefined && Object.getPrototypeOf(layer) === registered[0].prototype;
}

/** Every layer under `roots` with nested models opened, each once. */
function leafLayers(roots: readonly tfl.layers.Layer[]): tfl.layers.Layer[] {
  const leaves = new Set<tfl.layers.Layer>();
  const visit = (layer: tfl.layers.Layer): void => {
    if (layer instanceof tfl.LayersModel) layer.layers.forEach(visit);
    else leaves.add(layer);
  };
  roots.forEach(visit);
  return [...leaves];
}

/** What the layers add to a training step besides their forward pass: penalty terms and constraints. */
function trainingTerms(leaves: readonly tfl.layers.Layer[], variables: tf.Variable[]): Pick<TrainableModel, 'layerPenalties' | 'nonBiasVariables' | 'applyConstraints'> {
  const weights = leaves.flatMap((layer) => layer.trainableWeights);
  const biases = new Set(weights.filter((w) => /\/(bias|beta)$/.test(w.originalName)).map((w) => w.read()));
  const constrained = weights.filter((w) => w.constraint != null);
  return {
    layerPenalties: leaves.flatMap((layer) => layer.losses),
    nonBiasVariables: variables.filter((v) => !biases.has(v)),
    applyConstraints: () => constrained.forEach((w) => tf.tidy(() => {
      const variable = w.read() as tf.Variable;
      variable.assign(w.constraint.apply(variable));
    })),
  };
}

/** tfjs-layers' activation names (ActivationIdentifier); leaky ReLU is a layer of its own there. */
export const TFJS_ACTIVATIONS = ['elu', 'hardSigmoid', 'linear', 'relu', 'relu6', 'selu', 'sigmoid', 'softmax', 'softplus', 'softsign', 'tanh', 'swish', 'mish', 'gelu', 'gelu_new'];

/** tfjs refuses to run a layer with an activityRegularizer, and names an unknown activation in a paragraph about Python; both in plain words. */
function learnerFailure(error: unknown, compiled: CompiledLearnerFile, during: string): DlxError {
  const unknownActivation = error instanceof Error ? /Unknown activation: ([^.\s]*)/.exec(error.message) : null;
  if (unknownActivation) {
    return new DlxError(
      'settings',
      `Unknown activation '${unknownActivation[1]}'. TensorFlow.js knows: ${TFJS_ACTIVATIONS.join(', ')} (camelCase: 'hardSigmoid', not 'hard_sigmoid'). Leaky ReLU is a layer: tf.layers.leakyReLU({ alpha: 0.01 }), PyTorch's default slope.`,
      { location: locateInLearnerCode(error, compiled) },
    );
  }
  if (!(error instanceof Error) || !/activity regularizer/i.test(error.message)) return learnerError(error, compiled, during);
  return new DlxError(
    'settings',
    `A layer of your model has an \`activityRegularizer\` (a penalty on its outputs), which TensorFlow.js cannot apply: it refuses to run such a layer. Remove \`activityRegularizer\` from that layer; for a penalty on its weights use \`kernelRegularizer\`, or the experiment's \`l1\` or \`weightDecay\`.`,
    { location: locateInLearnerCode(error, compiled) },
  );
}

/** Fixed pseudo-random inputs for probing a forward pass, independent of the run's seeded Math.random. */
function probeInput(rows: number, featureCount: number): tf.Tensor2D {
  const next = (seed => () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 6 - 3)(12345);
  return tf.tensor2d(Array.from({ length: rows * featureCount }, next), [rows, featureCount]);
}

function summarize(style: 'layers' | 'class', variables: tf.Variable[], outputUnits: number, outputActivation?: string): ModelSummary {
  return {
    style,
    variableShapes: variables.map((v) => [...v.shape]),
    parameters: variables.reduce((sum, v) => sum + v.size, 0),
    outputUnits,
    ...(outputActivation === undefined ? {} : { outputActivation }),
  };
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (is a `return` missing?)';
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object of type ${value.constructor?.name ?? 'Object'}`;
  return `a ${typeof value}`;
}

/**
 * Refuses the layers tfjs would run silently unlike PyTorch or not at all: a Dropout of rate 1 (tfjs skips
 * it, PyTorch zeros everything), a batch norm without gamma or beta (tfjs's training pass reads both and
 * fails). Returns what the layers do that PyTorch's would not, said once: leaky ReLU's slope.
 */
function inspectLayers(leaves: readonly tfl.layers.Layer[], module: LearnerModule): string[] {
  const configOf = (layer: tfl.layers.Layer) => layer.getConfig() as { rate?: number; center?: boolean; scale?: boolean };
  const refuse = (message: string) => {
    throw new DlxError('settings', message, { location: locateInModel(module, 'definition') });
  };
  const dropAll = leaves.find((layer) => layer.getClassName() === 'Dropout' && Number(configOf(layer).rate) >= 1);
  if (dropAll) refuse(`A Dropout layer has rate ${String(configOf(dropAll).rate)}: TensorFlow.js skips a dropout of rate 1 altogether (PyTorch's Dropout(p=1) zeros everything). Use a rate in [0, 1).`);
  const partialNorm = leaves.find((layer) => layer.getClassName() === 'BatchNormalization' && (configOf(layer).center === false || configOf(layer).scale === false));
  if (partialNorm) refuse('A batchNormalization layer has `center: false` or `scale: false`, which TensorFlow.js cannot train (its training pass reads gamma and beta regardless). Leave both at true (PyTorch\'s affine=True).');
  const notes: string[] = [];
  const slopes = [...new Set(leaves.filter((layer) => layer.getClassName() === 'LeakyReLU').map((layer) => Number((layer.getConfig() as { alpha?: number }).alpha)))];
  if (slopes.length > 0) notes.push(`Leaky ReLU ran with slope ${slopes.join(', ')} for negative inputs (tf.layers.leakyReLU's alpha). Defaults differ: tfjs's is 0.3, PyTorch's nn.LeakyReLU 0.01; set alpha to say which.`);
  const norms = [...new Set(leaves.filter((layer) => layer.getClassName() === 'BatchNormalization').map((layer) => {
    const { momentum, epsilon } = layer.getConfig() as { momentum?: number; epsilon?: number };
    return `momentum ${momentum} (PyTorch's momentum=${Number((1 - Number(momentum)).toPrecision(6))}) and epsilon ${epsilon}`;
  }))];
  if (norms.length > 0) notes.push(`Batch norm ran with ${norms.join('; ')}. Keras's convention: momentum is the weight of the old running value (tfjs's default 0.99; PyTorch's default momentum=0.1 is 0.9 here), epsilon defaults to 1e-3 (PyTorch: 1e-5), and the running variance averages the biased batch variance (PyTorch: the unbiased one).`);
  return notes;
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
  const leaves = leafLayers(model.layers);
  return {
    style,
    variables,
    allVariables: model.weights.map((weight) => weight.read() as tf.Variable),
    forward: (x, training) => model.apply(x, { training }) as tf.Tensor2D,
    sameInBothModes: leaves.every((layer) => MODE_FREE_LAYERS.has(layer.getClassName()) && isLibraryLayer(layer)),
    ...trainingTerms(leaves, variables),
    layers: leaves,
    notes: inspectLayers(leaves, module),
    summary: summarize(style, variables, outputShape[1] as number, lastActivation(leaves)),
    denseStack: () => denseStackOf(model),
    savedForm: () => ({ modelTopology: model.toJSON(null, false) as object, weightNames: model.weights.map((weight) => weight.originalName) }),
    dispose: () => model.dispose(),
  };
}

/** The activation the model's last layer applies (a Dense layer's option or an Activation layer). */
function lastActivation(leaves: readonly tfl.layers.Layer[]): string | undefined {
  const activation = leaves[leaves.length - 1]?.getConfig().activation;
  return typeof activation === 'string' ? activation : undefined;
}

function fromClass(module: LearnerModule, featureCount: number, params: ModelParams): TrainableModel {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  let instance: { forward?: unknown };
  try {
    instance = new (module.ModelClass as new (params: ModelParams) => unknown)(params) as { forward?: unknown };
  } catch (error) {
    throw learnerFailure(error, module.compiled, 'constructing your Model (its constructor)');
  }
  // `class Model extends tf.Sequential` is still a LayersModel: train it as one, the checks will tell.
  if (instance instanceof tfl.LayersModel) return fromLayersModel(instance, featureCount, 'layers', module);
  if (typeof instance.forward !== 'function') {
    throw new DlxError('exports', 'Your class `Model` has no `forward(x)` method. Add one that takes a tensor [batch, features] and returns the output tensor [batch, units].', { location: locateInModel(module, 'definition') });
  }
  let mode = false;
  const forward = (x: tf.Tensor2D, training: boolean): tf.Tensor2D => {
    mode = training;
    try {
      const output = (instance.forward as (x: tf.Tensor2D, training: boolean) => unknown).call(instance, x, training);
      if (!(output instanceof tf.Tensor)) throw new DlxError('exports', `forward(x) returned ${describeValue(output)}, not a tensor.`, { location: locateInModel(module, 'forward') });
      if (output.rank !== 2) throw new DlxError('shape', `forward(x) returned a tensor of shape [${output.shape.join(', ')}]; it must be [batch, units].`, { location: locateInModel(module, 'forward') });
      return output as tf.Tensor2D;
    } catch (error) {
      throw learnerFailure(error, module.compiled, 'running forward(x)');
    }
  };
  // Layers create their variables on first use: one probe pass builds them (in evaluation mode, so
  // batch norm's running statistics stay untouched).
  const outputUnits = tf.tidy(() => forward(tf.zeros([2, featureCount]), false).shape[1]);
  const created = Object.entries(tf.engine().registeredVariables).filter(([name]) => !before.has(name)).map(([, variable]) => variable);
  const variables = created.filter((variable) => variable.trainable);
  if (variables.length === 0) {
    throw new DlxError('exports', 'Your Model has no trainable variables: create layers in the constructor (e.g. `this.hidden = tf.layers.dense({ units: 16, inputShape: [2] })`) and apply them in forward(x).', { location: locateInModel(module, 'constructor') });
  }
  const held = heldLayers(instance);
  const leaves = leafLayers(held);
  followMode([...new Set([...held, ...leaves])], () => mode);
  return {
    style: 'class',
    variables,
    allVariables: created,
    forward,
    sameInBothModes: false,
    ...trainingTerms(leaves, variables),
    layers: leaves,
    notes: [...inspectLayers(leaves, module), ...(evaluationIsRandom(forward, featureCount) ? [RANDOM_EVALUATION_NOTE] : [])],
    summary: summarize('class', variables, outputUnits),
    denseStack: () => traceDenseStack(instance, forward, variables, featureCount),
    savedForm: () => ({ modelTopology: null, weightNames: created.map((variable) => variable.name) }),
    dispose: () => created.forEach((v) => v.dispose()),
  };
}

/** The layers a class instance holds in its fields, directly or in arrays and plain objects (PyTorch's submodules). */
function heldLayers(instance: object): tfl.layers.Layer[] {
  const found = new Set<tfl.layers.Layer>();
  const visit = (value: unknown, depth: number): void => {
    if (value instanceof tfl.layers.Layer) found.add(value);
    else if (depth < 3 && (Array.isArray(value) || (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype))) {
      Object.values(value as object).forEach((item) => visit(item, depth + 1));
    }
  };
  Object.values(instance).forEach((value) => visit(value, 0));
  return [...found];
}

/**
 * Held layers follow the model's mode, as PyTorch's submodules follow model.train() / model.eval():
 * `this.dropout.apply(x)` drops only in training. An explicit `{ training }` still wins.
 */
function followMode(layers: readonly tfl.layers.Layer[], mode: () => boolean): void {
  for (const layer of layers) {
    const call = layer.call.bind(layer);
    layer.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: kwargs?.training ?? mode() });
  }
}

const RANDOM_EVALUATION_NOTE = 'Your forward(x, training) gives different outputs for the same input in evaluation mode (training = false), so every evaluation (the test metrics, the checks) is random: tf.dropout has no mode of its own. Write `training ? tf.dropout(x, rate) : x`, or use a tf.layers.dropout layer.';

function evaluationIsRandom(forward: (x: tf.Tensor2D, training: boolean) => tf.Tensor2D, featureCount: number): boolean {
  return tf.tidy(() => {
    const probe = probeInput(64, featureCount);
    const [first, second] = [forward(probe, false).dataSync(), forward(probe, false).dataSync()];
    return first.some((value, i) => value !== second[i]);
  });
}

/** What a class's forward may apply between Dense layers, told apart on probe data (relu6 looks like relu there, leaky ReLU's slope is unknown). */
const CANDIDATE_ACTIVATIONS: Partial<Record<DenseActivation, (z: number) => number>> = Object.fromEntries(
  (['linear', 'relu', 'sigmoid', 'tanh', 'elu', 'selu', 'softplus', 'gelu'] as const).map((name) => [name, activationOf(name)]),
);

/** The activations that map `z` onto `next` (within float32 noise). */
function activationsBetween(z: Float32Array, next: Float32Array): DenseActivation[] {
  if (z.length !== next.length) return [];
  return (Object.keys(CANDIDATE_ACTIVATIONS) as DenseActivation[]).filter((name) =>
    z.every((value, i) => Math.abs(CANDIDATE_ACTIVATIONS[name]!(value) - next[i]) <= 1e-5 * (1 + Math.abs(next[i]))));
}

/**
 * A class model as a dense stack, when it is one: its Dense layers, applied once each in creation
 * order, with only relu/sigmoid/tanh between them. Found by watching one training-mode forward pass on
 * probe data: what each layer receives and returns, and what forward returns. The core then checks the
 * result against tfjs on the real data before trusting it.
 */
function traceDenseStack(instance: object, forward: (x: tf.Tensor2D, training: boolean) => tf.Tensor2D, variables: tf.Variable[], featureCount: number): DenseLayerSpec[] | string {
  const fields = Object.values(instance).filter((value): value is tfl.layers.Layer => value instanceof tfl.layers.Layer);
  if (fields.some((layer) => layer.getClassName() !== 'Dense')) return 'the class uses layers other than Dense';
  const extras = fields.map((layer, i) => denseExtrasOf(layer.getConfig() as Record<string, unknown>, `Dense layer ${i + 1} of the class`));
  const refused = extras.find((extra): extra is string => typeof extra === 'string' && !/activation/.test(extra));
  if (refused) return refused;
  const owned = new Map(fields.map((layer) => [layer, layer.trainableWeights.map((w) => w.read())]));
  const layers = [...owned.keys()].sort((a, b) => variables.indexOf(owned.get(a)![0] as tf.Variable) - variables.indexOf(owned.get(b)![0] as tf.Variable));
  if (layers.flatMap((layer) => owned.get(layer)!).length !== variables.length) return 'the class has variables outside its Dense layers';

  const calls: { layer: tfl.layers.Layer; input: Float32Array; output: Float32Array }[] = [];
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
      // In training mode: tf.dropout behind `if (training)` must show up as "more than a dense stack".
      returned = forward(probeInput(64, featureCount), true).dataSync() as Float32Array;
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
    const layerExtras = extras[fields.indexOf(layer)];
    const { kernelRegularizer, biasRegularizer } = typeof layerExtras === 'string' ? {} : layerExtras;
    specs.push({ inputSize, units, activation, kernel, bias: bias ?? null, ...(kernelRegularizer ? { kernelRegularizer } : {}), ...(biasRegularizer ? { biasRegularizer } : {}) });
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
    throw learnerFailure(error, module.compiled, 'building the model in createModel()');
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
export function locateInModel(module: LearnerModule, place: ModelPlace): SourceLocation | undefined {
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
