// Manipulate the regression slope (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  // y = slope * x + randn / 2, 50 points; the sweep replaces the slope.
  data: { kind: 'line', slope: 1, noise: 0.5, n: 50 },
  loss: 'mse',
  optimizer: 'sgd',
  learningRate: 0.05,
  batchSize: 'full',
  epochs: 500,
};

// 21 slopes from -2 to +2, each with 50 fresh data sets and models.
export const sweep = {
  vary: { 'data.slope': { from: -2, to: 2, count: 21 } },
  repeats: 50,
  outcome: 'trainLoss',
  seeds: 'perRun',
};

// The course's regression model: 1 input -> 1 ReLU unit -> 1 linear output.
export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 1, inputShape: [1], activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}
