// Momentum by hand (solution)
export const experiment = { start: [0, 0], learningRate: 0.01, steps: 100 };

// SGD with momentum: the velocity remembers past gradients. tfjs and PyTorch (dampening 0):
// velocity = momentum * velocity + grad; param = param - learningRate * velocity.
export function momentumStep(params: number[], grads: number[], state: { velocity?: number[] }, hyper: { learningRate: number; momentum: number }): [number[], { velocity: number[] }] {
  const velocity = grads.map((g, i) => hyper.momentum * (state.velocity?.[i] ?? 0) + g);
  return [params.map((p, i) => p - hyper.learningRate * velocity[i]), { velocity }];
}

// The loss the optimizer minimizes: a valley with its floor at (3, -1), ten times steeper in w1.
export function loss(w0: number, w1: number): number {
  return (w0 - 3) ** 2 + 10 * (w1 + 1) ** 2;
}

function gradient([w0, w1]: number[]): number[] {
  return [2 * (w0 - 3), 20 * (w1 + 1)];
}

// Runs your update rule: one call of momentumStep per step, the state handed from step to step.
export function minimize(start: [number, number], learningRate: number, steps: number): [number, number][] {
  let params: number[] = [...start];
  let state: { velocity?: number[] } = {};
  const path: [number, number][] = [[params[0], params[1]]];
  for (let i = 0; i < steps; i++) {
    [params, state] = momentumStep(params, gradient(params), state, { learningRate, momentum: 0.9 });
    path.push([params[0], params[1]]);
  }
  return path;
}
