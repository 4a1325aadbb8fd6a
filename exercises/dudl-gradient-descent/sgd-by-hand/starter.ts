// SGD by hand (starter)
//
// An optimizer is an update rule: (params, grads, state, hyper) => [new params, new state].
// Your challenge: SGD's rule, checked step by step against TensorFlow.js's tf.train.sgd. Read
// README.md, then run "DL Exercises: Run Experiment" (Shift+Alt+E in this file), or in a
// terminal here: `dlx run sgd-by-hand`.
export const experiment = { start: [0, 0], learningRate: 0.04, steps: 100 };

// The update rule. As given it has the wrong sign: it climbs the loss.
export function sgdStep(params: number[], grads: number[], state: {}, hyper: { learningRate: number }): [number[], {}] {
  return [params.map((p, i) => p + hyper.learningRate * grads[i]), state];
}

// The loss the optimizer minimizes: a valley with its floor at (3, -1), ten times steeper in w1.
export function loss(w0: number, w1: number): number {
  return (w0 - 3) ** 2 + 10 * (w1 + 1) ** 2;
}

function gradient([w0, w1]: number[]): number[] {
  return [2 * (w0 - 3), 20 * (w1 + 1)];
}

// Runs your update rule: one call of sgdStep per step, the state handed from step to step.
export function minimize(start: [number, number], learningRate: number, steps: number): [number, number][] {
  let params: number[] = [...start];
  let state = {};
  const path: [number, number][] = [[params[0], params[1]]];
  for (let i = 0; i < steps; i++) {
    [params, state] = sgdStep(params, gradient(params), state, { learningRate });
    path.push([params[0], params[1]]);
  }
  return path;
}
