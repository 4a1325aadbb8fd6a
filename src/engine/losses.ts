// The four losses on the tfjs path. The fused path (fused/) must reproduce these formulas exactly.
import * as tf from '@tensorflow/tfjs-core';
import type { LossName } from './settings';

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
