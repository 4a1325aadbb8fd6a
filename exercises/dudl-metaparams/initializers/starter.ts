// Initializers: zeros, Glorot and He (starter)
//
// The three-qwerty classifier (2-8-8-3). Your challenge: start its weights from zeros, from
// Glorot/Xavier and from He values, and see which ones learn. The sweep already names the three;
// the model does not listen yet. See README.md. Run it with `dlx sweep initializers`.
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

// The same model from three starting points; every run of a repeat shares its data and seed.
export const sweep = { vary: { initializer: ['zeros', 'glorotUniform', 'heNormal'] }, repeats: 3, outcome: 'trainAccuracy' };

export function createModel(params: { initializer?: 'zeros' | 'glorotUniform' | 'heNormal' } = {}) {
  // TODO: give every Dense layer kernelInitializer: params.initializer.
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }),
      tf.layers.dense({ units: 8, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
