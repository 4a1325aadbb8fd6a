// Initializers: zeros, Glorot and He (reference solution)
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
  // tfjs's Dense layers start from glorotUniform weights (PyTorch's nn.Linear: a scaled uniform,
  // `init: 'pytorch'`); biases start at zero either way.
  const kernelInitializer = params.initializer ?? 'glorotUniform';
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu', kernelInitializer }),
      tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer }),
      tf.layers.dense({ units: 3, kernelInitializer }),
    ],
  });
}
