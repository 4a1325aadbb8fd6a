// Manipulate the regression slope (starter)
//
// The course's regression: 50 points on the line y = slope * x + randn / 2, and a tiny 1-1-1 network
// (one ReLU unit) that fits it. Your challenge: vary the slope from -2 to +2 in 21 steps, 50 repeats
// each, and compare two measures of the fit, the loss and the correlation r. See README.md.
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

// TODO: 21 slopes from -2 to +2 (the data field data.slope), 50 repeats each.
export const sweep = {
  vary: { 'data.slope': [1, 2] },
  repeats: 2,
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
