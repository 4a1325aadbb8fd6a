// Vanishing gradients: a deep sigmoid net against a deep ReLU net (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [4, 4]], perCluster: 300, blur: 1 },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 16,
  epochs: 50,
  testFraction: 0.1,
};

// The same ten-hidden-layer net with each activation; a repeat's runs share their data and seed.
export const sweep = { vary: { activation: ['sigmoid', 'relu'] }, repeats: 3, outcome: 'trainAccuracy' };

export function createModel(params: { activation?: 'sigmoid' | 'relu' } = {}) {
  const activation = params.activation ?? 'sigmoid';
  // Ten hidden layers of 8 units: the first takes the 2 inputs, nine more follow.
  const hidden = Array.from({ length: 9 }, () => tf.layers.dense({ units: 8, activation }));
  return tf.sequential({
    layers: [tf.layers.dense({ units: 8, inputShape: [2], activation }), ...hidden, tf.layers.dense({ units: 3 })],
  });
}
