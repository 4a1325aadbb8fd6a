// Mini-batch gradient descent by hand (solution)
export const experiment = { start: [0, 0], learningRate: 0.05, steps: 100 };

// Twelve points near the line y = 2x + 1.
export const XS = [-3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5];
export const YS = [-4.7, -4.5, -2.9, -1.6, -1.2, -0.6, 1.5, 2.2, 2.7, 4.6, 4.9, 5.6];
export const BATCH_SIZE = 4;

// The mean squared error of the line y = w·x + b on all twelve points.
export function loss(w: number, b: number): number {
  return XS.reduce((sum, x, i) => sum + (w * x + b - YS[i]) ** 2, 0) / XS.length;
}

// The gradient of the mean squared error on one batch.
export function batchGradient([w, b]: [number, number], xs: number[], ys: number[]): [number, number] {
  const errors = xs.map((x, i) => w * x + b - ys[i]);
  const dw = (2 / xs.length) * errors.reduce((sum, e, i) => sum + e * xs[i], 0);
  const db = (2 / xs.length) * errors.reduce((sum, e) => sum + e, 0);
  return [dw, db];
}

// SGD's update rule (given, as in sgd-by-hand). The last check trains a small network through the
// engine in mini-batches of 4 with this rule, and compares its loss per epoch with tf.train.sgd's.
export function sgdStep(params: number[], grads: number[], state: {}, hyper: { learningRate: number }): [number[], {}] {
  return [params.map((p, i) => p - hyper.learningRate * grads[i]), state];
}

// Mini-batch gradient descent: per epoch, one step per batch of BATCH_SIZE points, in order.
// (A DataLoader would shuffle the points each epoch; the order is fixed here so that the checks can
// compare your path step for step.) The path holds the parameters after every epoch.
export function train(start: [number, number], learningRate: number, epochs: number): [number, number][] {
  let [w, b] = start;
  const path: [number, number][] = [[w, b]];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let s = 0; s < XS.length; s += BATCH_SIZE) {
      const [dw, db] = batchGradient([w, b], XS.slice(s, s + BATCH_SIZE), YS.slice(s, s + BATCH_SIZE));
      w -= learningRate * dw;
      b -= learningRate * db;
    }
    path.push([w, b]);
  }
  return path;
}
