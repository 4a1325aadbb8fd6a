// Batch-normalize the qwerties (starter)
//
// The seq-to-class qwerty model (2-16-1-1) in the learning-rate meta-experiment, with and without
// batch norm. The sweep already asks for both; the model has no batch norm yet. Your challenge: add
// one after the first hidden layer when params.batchNorm is true. See README.md.
// Run the sweep with `dlx sweep batchnorm-qwerties`.
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
  private readonly hidden = tf.layers.dense({ units: 1 });
  private readonly output = tf.layers.dense({ units: 1 });

  // TODO: when params.batchNorm is true, create a tf.layers.batchNormalization layer here...
  constructor(params: { batchNorm?: boolean } = {}) {}

  forward(x: tf.Tensor, training: boolean): tf.Tensor {
    x = tf.relu(this.input.apply(x) as tf.Tensor);
    // TODO: ...and apply it here, to the first hidden layer's output.
    x = tf.relu(this.hidden.apply(x) as tf.Tensor);
    return tf.sigmoid(this.output.apply(x) as tf.Tensor);
  }
}
