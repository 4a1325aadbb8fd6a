// The four losses on the tfjs path. The fused path (fused/) must reproduce these formulas exactly.
import * as tf from '@tensorflow/tfjs-core';
import { DlxError } from './errors';
import type { TrainableModel } from './model';
import type { ExperimentSettings, LossName } from './settings';

/** Clip for probabilities fed to a log, as Keras and tfjs-layers do. */
export const PROBABILITY_EPSILON = 1e-7;

/**
 * Mean loss over the batch.
 * @param output the model's output, shape [n, units]
 * @param labels class indices (int32, shape [n]) for crossEntropy; otherwise targets of shape [n, 1]
 */
export function computeLoss(loss: LossName, output: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy((): tf.Scalar => {
    switch (loss) {
      case 'crossEntropy': {
        const units = output.shape[1] as number;
        return tf.losses.softmaxCrossEntropy(tf.oneHot(labels as tf.Tensor1D, units), output) as tf.Scalar;
      }
      case 'binaryCrossEntropy': {
        const p = tf.clipByValue(output, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
        const perExample = tf.add(tf.mul(labels, tf.log(p)), tf.mul(tf.sub(1, labels), tf.log(tf.sub(1, p))));
        return tf.neg(tf.mean(perExample)) as tf.Scalar;
      }
      case 'binaryCrossEntropyWithLogits':
        return tf.losses.sigmoidCrossEntropy(labels, output) as tf.Scalar;
      case 'mse':
        return tf.losses.meanSquaredError(labels, output) as tf.Scalar;
    }
  });
}

/**
 * What regularization adds to the training loss, or null when nothing does: the layers' own
 * regularizers; weightDecay as `weightDecay / 2 * sum(w^2)` over every variable, whose gradient is
 * PyTorch's `weightDecay * w`; and the course's L1, `l1 * sum|W| / (number of weights)`, biases excluded.
 */
export function trainingPenalty(model: Pick<TrainableModel, 'variables' | 'nonBiasVariables' | 'layerPenalties'>, settings: Pick<ExperimentSettings, 'weightDecay' | 'l1'>): (() => tf.Scalar) | null {
  const weightDecay = settings.weightDecay ?? 0;
  const l1 = settings.l1 ?? 0;
  if (weightDecay === 0 && l1 === 0 && model.layerPenalties.length === 0) return null;
  const weightCount = model.nonBiasVariables.reduce((sum, v) => sum + v.size, 0);
  if (l1 > 0 && weightCount === 0) throw new DlxError('settings', `"l1" penalises weights, but every variable of this model is a bias: there is nothing for l1 to sum.`);
  const sumOf = (variables: tf.Variable[], term: (v: tf.Variable) => tf.Tensor) => tf.addN(variables.map((v) => tf.sum(term(v))));
  return () => tf.tidy(() => {
    const terms: tf.Scalar[] = model.layerPenalties.map((penalty) => penalty());
    if (weightDecay > 0) terms.push(tf.mul(weightDecay / 2, sumOf(model.variables, tf.square)) as tf.Scalar);
    if (l1 > 0) terms.push(tf.mul(l1 / weightCount, sumOf(model.nonBiasVariables, tf.abs)) as tf.Scalar);
    return tf.addN(terms) as tf.Scalar;
  });
}
