// The two ways to take optimizer steps: tfjs ops on any backend, or the fused Float32Array path.
// Both take an epoch's rows already in batch order and read results back once per epoch.
import { createFusedNet } from './fused/net';
import type { DenseLayerSpec, FusedNetSpec } from './fused/spec';
import { l2Norm, layerGroups } from './layerNorms';
import { computeLoss, trainingPenalty } from './losses';
import { completeOptimizerValues, optimizerValues, type OptimizerValues } from './optimizers';
import type { TrainableModel } from './model';
import { fusedOptimizerState, fusedStateOf, restoreTfjsOptimizerState, tfjsOptimizerState, type OptimizerState } from './optimizerState';
import type { LayerNorms } from './results';
import type { ExperimentSettings, LossName } from './settings';
import { tfc as tf } from './tf';

export interface EpochOutcome {
  /** Mean data loss of each batch, from its forward pass before the update. */
  losses: Float32Array;
  /** Model outputs of those forward passes, [batches * batchSize, units]. */
  outputs: Float32Array;
  /** What regularization added to each batch's loss (absent without regularization). */
  penalties?: Float32Array;
}

export interface StepEngine {
  /** The training steps' outputs are what evaluation mode would give, so an epoch's train metrics may come from them. */
  stepOutputsMatchEvaluation: boolean;
  trainEpoch(x: Float32Array, y: Float32Array, batchSize: number, batches: number): EpochOutcome;
  evaluate(x: Float32Array, y: Float32Array, rows: number): { loss: number; outputs: Float32Array };
  /** The learning rate of the next steps (a schedule's, set before each epoch). */
  setLearningRate(learningRate: number): void;
  /** The current weights as a dense chain (what the verifier rebuilds), or why the model is not one. */
  trainedLayers(): DenseLayerSpec[] | string;
  /** Per trainable layer: the norm of its weights now and of its gradient at the last step (empty before any step). */
  layerNorms(): LayerNorms[];
  /** Every weight now, in the model's allVariables order (what a checkpoint holds). */
  currentWeights(): Float32Array[];
  /** A copy of the model's weights now (early stopping's best epoch), to put back later. */
  snapshotWeights(): WeightSnapshot;
  /** The optimizer's state now (a checkpoint's), and putting a saved one back before training: null, or why it does not fit (nothing changed). */
  optimizerState(): OptimizerState;
  restoreOptimizerState(state: OptimizerState): Promise<string | null>;
  dispose(): void;
}

export interface WeightSnapshot {
  restore(): void;
  dispose(): void;
}

/** The tfjs optimizer for these values; the missing ones get the same defaults as on the fused path. */
export function createTfjsOptimizer(given: OptimizerValues): tf.Optimizer {
  const values = completeOptimizerValues(given);
  switch (values.name) {
    case 'sgd':
      return tf.train.sgd(values.learningRate);
    case 'momentum':
      return tf.train.momentum(values.learningRate, values.momentum!);
    case 'adam':
      return tf.train.adam(values.learningRate, values.beta1, values.beta2, values.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(values.learningRate, values.rho, 0, values.epsilon);
  }
}

/**
 * sgd and momentum hold the rate as a tensor (setLearningRate); adam and rmsprop read the field at each step.
 * Not `instanceof SGDOptimizer`: tfjs's optimizers answer instanceof by duck typing, and adam passes.
 */
export function setTfjsLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const sgd = optimizer as Partial<tf.SGDOptimizer>;
  if (typeof sgd.setLearningRate === 'function') sgd.setLearningRate(learningRate);
  else (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}

function labelTensor(loss: LossName, y: Float32Array, rows: number): tf.Tensor {
  return loss === 'crossEntropy' ? tf.tensor1d(Int32Array.from(y.subarray(0, rows)), 'int32') : tf.tensor2d(y.subarray(0, rows), [rows, 1]);
}

export function createTfjsEngine(model: TrainableModel, settings: ExperimentSettings, featureCount: number): StepEngine {
  const optimizerName = optimizerValues(settings).name;
  const optimizer = createTfjsOptimizer(optimizerValues(settings));
  const units = model.summary.outputUnits;
  const penalty = trainingPenalty(model, settings);
  const groups = layerGroups(model);
  let lastGradientNorms: number[] | null = null;
  /** optimizer.minimize as tfjs writes it, keeping the gradient's norms per layer on the way. */
  const minimizeKeepingNorms = (cost: () => tf.Scalar): tf.Scalar => {
    const { value, grads } = optimizer.computeGradients(cost, model.variables);
    // Summed in JS from the read-back values: on these small models, fewer ops than tf's square/sum/sqrt per variable.
    lastGradientNorms = groups.map((group) => l2Norm(group.variables.map((variable) => grads[variable.name].dataSync() as Float32Array)));
    optimizer.applyGradients(model.variables.map((variable) => ({ name: variable.name, tensor: grads[variable.name] })));
    tf.dispose(grads);
    return value;
  };
  return {
    stepOutputsMatchEvaluation: model.sameInBothModes,
    trainEpoch(x, y, batchSize, batches) {
      const losses: tf.Scalar[] = [];
      const penalties: tf.Scalar[] = [];
      const outputs: tf.Tensor[] = [];
      const epochX = tf.tensor2d(x.subarray(0, batches * batchSize * featureCount), [batches * batchSize, featureCount]);
      const epochY = labelTensor(settings.loss, y, batches * batchSize);
      for (let b = 0; b < batches; b++) {
        const step = () => {
          const xb = tf.slice(epochX, [b * batchSize, 0], [batchSize, featureCount]) as tf.Tensor2D;
          const yb = tf.slice(epochY, b * batchSize, batchSize);
          const output = model.forward(xb, true);
          outputs.push(tf.keep(output));
          const loss = tf.keep(computeLoss(settings.loss, output, yb));
          losses.push(loss);
          if (!penalty) return loss;
          const term = tf.keep(penalty());
          penalties.push(term);
          return tf.add(loss, term) as tf.Scalar;
        };
        // The last step's gradient is the epoch's gradient norm; the others go the cheaper way.
        const cost = b === batches - 1 ? minimizeKeepingNorms(step) : optimizer.minimize(step, true, model.variables)!;
        if (penalty) cost.dispose();
        model.applyConstraints();
      }
      // One read per epoch, not per step.
      const valuesOf = (scalars: tf.Scalar[]) => tf.tidy(() => Float32Array.from(tf.stack(scalars).dataSync() as Float32Array));
      const lossValues = valuesOf(losses);
      const penaltyValues = penalty ? valuesOf(penalties) : undefined;
      const outputValues = new Float32Array(batches * batchSize * units);
      outputs.forEach((output, b) => outputValues.set(output.dataSync() as Float32Array, b * batchSize * units));
      tf.dispose([...losses, ...penalties, ...outputs, epochX, epochY]);
      return { losses: lossValues, outputs: outputValues, ...(penaltyValues ? { penalties: penaltyValues } : {}) };
    },
    evaluate(x, y, rows) {
      return tf.tidy(() => {
        const output = model.forward(tf.tensor2d(x.subarray(0, rows * featureCount), [rows, featureCount]), false);
        const loss = computeLoss(settings.loss, output, labelTensor(settings.loss, y, rows));
        return { loss: loss.dataSync()[0], outputs: Float32Array.from(output.dataSync() as Float32Array) };
      });
    },
    setLearningRate: (learningRate) => setTfjsLearningRate(optimizer, learningRate),
    trainedLayers: () => model.denseStack(),
    currentWeights: () => model.allVariables.map((variable) => Float32Array.from(variable.dataSync() as Float32Array)),
    layerNorms() {
      if (!lastGradientNorms) return [];
      const gradientNorms = lastGradientNorms;
      return groups.map(({ name, variables }, i) => ({ name, weightNorm: l2Norm(variables.map((variable) => variable.dataSync() as Float32Array)), gradientNorm: gradientNorms[i] }));
    },
    snapshotWeights() {
      // Every variable, batch norm's running statistics too, as Keras's get_weights().
      const copies = model.allVariables.map((variable) => tf.keep(tf.clone(variable)));
      return {
        restore: () => model.allVariables.forEach((variable, i) => variable.assign(copies[i])),
        dispose: () => tf.dispose(copies),
      };
    },
    optimizerState: () => tfjsOptimizerState(optimizer, optimizerName),
    restoreOptimizerState: (state) => restoreTfjsOptimizerState(optimizer, optimizerName, model.variables, state),
    dispose: () => optimizer.dispose(),
  };
}

/** `layerNames`: the curves' names of spec.layers (layerGroups of the model the spec came from). */
export function createFusedEngine(spec: FusedNetSpec, maxRows: number, featureCount: number, layerNames: readonly string[]): StepEngine {
  const net = createFusedNet(spec, maxRows);
  const units = spec.layers[spec.layers.length - 1].units;
  let stepped = false;
  return {
    stepOutputsMatchEvaluation: !changesWithMode(spec),
    trainEpoch(x, y, batchSize, batches) {
      const losses = new Float32Array(batches);
      const penalties = net.hasPenalty ? new Float32Array(batches) : undefined;
      const outputs = new Float32Array(batches * batchSize * units);
      stepped ||= batches > 0;
      for (let b = 0; b < batches; b++) {
        const rows = b * batchSize;
        losses[b] = net.trainStep(
          x.subarray(rows * featureCount, (rows + batchSize) * featureCount),
          y.subarray(rows, rows + batchSize),
          batchSize,
          outputs.subarray(rows * units, (rows + batchSize) * units),
        );
        if (penalties) penalties[b] = net.lastPenalty();
      }
      return { losses, outputs, ...(penalties ? { penalties } : {}) };
    },
    evaluate(x, y, rows) {
      const outputs = new Float32Array(rows * units);
      return { loss: net.evaluate(x, y, rows, outputs), outputs };
    },
    setLearningRate: (learningRate) => net.setLearningRate(learningRate),
    trainedLayers() {
      const weights = net.weights();
      let next = 0;
      return spec.layers.map((layer) => {
        const kernel = weights[next++], bias = layer.bias ? weights[next++] : null;
        // A batch norm's gamma, beta (when it has them) and its two running statistics.
        const after = layer.after?.map((op) => op.kind !== 'batchNorm' ? op : {
          ...op, gamma: op.gamma && weights[next++], beta: op.beta && weights[next++], movingMean: weights[next++], movingVariance: weights[next++],
        });
        return { ...layer, kernel, bias, ...(after ? { after } : {}) };
      });
    },
    // A fusable model has no other variables than its Dense kernels and biases, in this order.
    currentWeights: () => net.weights(),
    layerNorms: () => (stepped ? net.layerNorms().map((norms, i) => ({ name: layerNames[i] ?? `Dense ${i + 1}`, ...norms })) : []),
    snapshotWeights() {
      const parameters = net.snapshotParameters();
      return { restore: () => net.restoreParameters(parameters), dispose: () => undefined };
    },
    optimizerState: () => fusedOptimizerState(spec.optimizer.name, net.optimizerState()),
    async restoreOptimizerState(state) {
      const fused = fusedStateOf(state, spec.optimizer.name);
      return typeof fused === 'string' ? fused : net.restoreOptimizerState(fused);
    },
    dispose: () => undefined,
  };
}

/** Dropout and batch norm: training and evaluation passes differ. */
function changesWithMode(spec: FusedNetSpec): boolean {
  return spec.layers.some((layer) => layer.after?.some((op) => op.kind !== 'activation'));
}

/**
 * Enough rows to tell the spec from another function of the same inputs. Every run pays for the check, and
 * in a fresh pool worker tfjs's forward pass runs cold: 256 rows cost twice as much as 64 there.
 */
const AGREEMENT_ROWS = 64;

/**
 * The fused net's forward pass against the model's own on (up to AGREEMENT_ROWS rows of) the real data: the
 * last guard before trusting a spec, above all one traced from a class model. In evaluation mode, and also in
 * training mode where the spec says the modes are one function but the model cannot promise it (a class or
 * a learner's subclass of a layer could still branch on the mode); never a training pass of tfjs where the
 * spec has dropout or batch norm, which would draw masks and move the running statistics.
 */
export function fusedAgreesWithTfjs(spec: FusedNetSpec, model: TrainableModel, x: Float32Array, rows: number, featureCount: number): boolean {
  const n = Math.min(rows, AGREEMENT_ROWS);
  const units = spec.layers[spec.layers.length - 1].units;
  const fused = new Float32Array(n * units);
  createFusedNet(spec, n).evaluate(x.subarray(0, n * featureCount), new Float32Array(n), n, fused);
  return (changesWithMode(spec) || model.sameInBothModes ? [false] : [true, false]).every((training) => {
    const reference = tf.tidy(() => model.forward(tf.tensor2d(x.subarray(0, n * featureCount), [n, featureCount]), training).dataSync() as Float32Array);
    return reference.length === fused.length && reference.every((value, i) => Math.abs(value - fused[i]) <= 1e-4 * (1 + Math.abs(value)));
  });
}
