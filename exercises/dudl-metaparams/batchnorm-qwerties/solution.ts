// Batch-normalize the qwerties (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

// The learning-rate meta-experiment, once without and once with batch norm: 10 rates x 2 x 3 repeats.
export const sweep = {
  vary: { learningRate: { from: 0.001, to: 0.1, count: 10 }, batchNorm: [false, true] },
  repeats: 3,
  outcome: 'trainAccuracy',
  threshold: 0.7,
  seeds: 'perRun',
};

export class Model {
  private readonly input = tf.layers.dense({ units: 16 });
  private readonly norm: tf.layers.Layer | undefined;
  private readonly hidden = tf.layers.dense({ units: 1 });
  private readonly output = tf.layers.dense({ units: 1 });

  constructor(params: { batchNorm?: boolean } = {}) {
    // momentum 0.9 here is PyTorch's BatchNorm1d default (momentum=0.1): tfjs weighs the old running value.
    if (params.batchNorm) this.norm = tf.layers.batchNormalization({ momentum: 0.9 });
  }

  forward(x: tf.Tensor, training: boolean): tf.Tensor {
    x = tf.relu(this.input.apply(x) as tf.Tensor);
    // Batch statistics in training, running statistics in evaluation (PyTorch's train()/eval()).
    if (this.norm) x = this.norm.apply(x, { training }) as tf.Tensor;
    x = tf.relu(this.hidden.apply(x) as tf.Tensor);
    return tf.sigmoid(this.output.apply(x) as tf.Tensor);
  }
}
