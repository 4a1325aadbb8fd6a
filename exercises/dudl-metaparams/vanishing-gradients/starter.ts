// Vanishing gradients: a deep sigmoid net against a deep ReLU net (starter)
//
// The three-qwerty classifier with sigmoid or ReLU hidden units, two hidden layers deep. Your
// challenge: make it ten hidden layers deep and compare the two activations again. See README.md.
// Run the sweep with `dlx sweep vanishing-gradients`.
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

// The same net with each activation; a repeat's runs share their data and seed.
export const sweep = { vary: { activation: ['sigmoid', 'relu'] }, repeats: 3, outcome: 'trainAccuracy' };

export function createModel(params: { activation?: 'sigmoid' | 'relu' } = {}) {
  const activation = params.activation ?? 'sigmoid';
  // TODO: ten hidden layers of 8 units (the first one below, then nine more, not one).
  const hidden = Array.from({ length: 1 }, () => tf.layers.dense({ units: 8, activation }));
  return tf.sequential({
    layers: [tf.layers.dense({ units: 8, inputShape: [2], activation }), ...hidden, tf.layers.dense({ units: 3 })],
  });
}
