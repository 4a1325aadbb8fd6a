// Compare ReLU variants (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: {
    kind: 'csv',
    file: 'data/winequality-red.csv',
    filters: [{ column: 'total sulfur dioxide', below: 200 }],
    normalize: { method: 'zscore', except: ['quality'] },
    target: 'quality',
    binarize: { above: 5 },
  },
  loss: 'binaryCrossEntropyWithLogits',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 64,
  epochs: 20,
  testFraction: 0.1,
};

// Three members of the ReLU family in the hidden layers, three seeds each.
export const sweep = { vary: { activation: ['relu', 'relu6', 'leakyRelu'] }, repeats: 3, outcome: 'testAccuracy' };

// A hidden layer: Dense with ReLU or ReLU6 built in, or a linear Dense followed by a LeakyReLU layer.
function hidden(units: number, activation: string, inputShape?: number[]): tf.layers.Layer[] {
  const dense = tf.layers.dense({ units, activation: activation === 'leakyRelu' ? 'linear' : (activation as 'relu' | 'relu6'), ...(inputShape ? { inputShape } : {}) });
  // PyTorch's nn.LeakyReLU has slope 0.01 for negative inputs; tfjs's default is 0.3.
  return activation === 'leakyRelu' ? [dense, tf.layers.leakyReLU({ alpha: 0.01 })] : [dense];
}

export function createModel(params: { activation?: string } = {}) {
  const activation = params.activation ?? 'relu';
  return tf.sequential({
    layers: [...hidden(16, activation, [11]), ...hidden(32, activation), ...hidden(32, activation), tf.layers.dense({ units: 1 })],
  });
}
