// Many qwerties! (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  // Three clusters: A = (1, 1), B = (5, 1), C = (3, -2). Labels are 0, 1, 2.
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 100, blur: 1 },
  // Cross-entropy over three logits (PyTorch's nn.CrossEntropyLoss): softmax happens inside the loss.
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 10000,
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [2], activation: 'relu' }),
      // One output per class, no activation: these are the logits.
      tf.layers.dense({ units: 3 }),
    ],
  });
}
