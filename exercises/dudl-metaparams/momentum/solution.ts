// Momentum (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  // Three qwerty groups, 300 points each: A = (1, 1), B = (5, 1), C = (4, 4).
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [4, 4]], perCluster: 300, blur: 1 },
  loss: 'crossEntropy',
  // PyTorch's SGD(momentum=beta): v = beta * v + g; w -= lr * v (dampening 0, not Nesterov).
  optimizer: 'momentum',
  learningRate: 0.01,
  momentum: 0.9, // the sweep replaces this with each of its values
  batchSize: 16,
  epochs: 50,
  testFraction: 0.1,
};

// Momentum from none to almost all memory; every value starts from the same weights per repeat.
export const sweep = {
  vary: { momentum: [0, 0.5, 0.9, 0.95, 0.999] },
  repeats: 3,
  outcome: 'trainAccuracy',
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }),
      tf.layers.dense({ units: 8, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
