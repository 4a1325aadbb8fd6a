// Feature engineering: the circle boundary (starter)
//
// Points around the ellipse 2*x1^2 + 3*x2^2 + 0.75*x1 + 0.25*x2 = 0, labelled inside or outside.
// A single layer (logistic regression) on x1 and x2 cannot draw an ellipse. Your challenge: give
// it features it can use. See README.md. Run it with `dlx run feature-engineering`.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: {
    kind: 'csv',
    file: 'data/circle-boundary.csv',
    target: 'inside',
    binarize: { above: 0.5 },
    // TODO: add the squared inputs as two more features ('x1^2' style names).
    features: ['x1', 'x2'],
    normalize: { method: 'zscore', except: ['inside'] },
  },
  loss: 'binaryCrossEntropyWithLogits',
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 100,
  testFraction: 0.2,
};

export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
}
