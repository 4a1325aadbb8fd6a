// RMSprop by hand (solution)
export const experiment = { start: [0, 0], learningRate: 0.05, steps: 150 };

// RMSprop as TensorFlow.js computes it (tf.train.rmsprop, momentum 0, not centered):
// meanSquare = decay * meanSquare + (1 - decay) * grad², param -= learningRate * grad / sqrt(meanSquare + epsilon).
export function rmspropStep(params: number[], grads: number[], state: { meanSquare?: number[] }, hyper: { learningRate: number; decay: number; epsilon: number }): [number[], { meanSquare: number[] }] {
  const meanSquare = grads.map((g, i) => hyper.decay * (state.meanSquare?.[i] ?? 0) + (1 - hyper.decay) * g * g);
  return [params.map((p, i) => p - (hyper.learningRate * grads[i]) / Math.sqrt(meanSquare[i] + hyper.epsilon)), { meanSquare }];
}

// The loss the optimizer minimizes: a valley with its floor at (3, -1), ten times steeper in w1.
export function loss(w0: number, w1: number): number {
  return (w0 - 3) ** 2 + 10 * (w1 + 1) ** 2;
}

function gradient([w0, w1]: number[]): number[] {
  return [2 * (w0 - 3), 20 * (w1 + 1)];
}

// Runs your update rule: one call of rmspropStep per step, the state handed from step to step.
export function minimize(start: [number, number], learningRate: number, steps: number): [number, number][] {
  let params: number[] = [...start];
  let state: { meanSquare?: number[] } = {};
  const path: [number, number][] = [[params[0], params[1]]];
  for (let i = 0; i < steps; i++) {
    [params, state] = rmspropStep(params, gradient(params), state, { learningRate, decay: 0.9, epsilon: 1e-8 });
    path.push([params[0], params[1]]);
  }
  return path;
}
