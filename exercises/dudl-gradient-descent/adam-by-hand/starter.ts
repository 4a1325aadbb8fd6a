// Adam by hand (starter)
//
// An optimizer is an update rule: (params, grads, state, hyper) => [new params, new state]. Your
// challenge: Adam's rule, checked step by step against TensorFlow.js's tf.train.adam.
// Read README.md, then run "DL Exercises: Run Experiment" (Shift+Alt+E in this file), or in a
// terminal here: `dlx run adam-by-hand`.
export const experiment = { start: [0, 0], learningRate: 0.1, steps: 200 };

// The update rule. As given it has no bias correction: its first steps have the wrong size.
export function adamStep(params: number[], grads: number[], state: { m?: number[]; v?: number[]; t?: number }, hyper: { learningRate: number; beta1: number; beta2: number; epsilon: number }): [number[], { m: number[]; v: number[]; t: number }] {
  const t = (state.t ?? 0) + 1;
  const m = grads.map((g, i) => hyper.beta1 * (state.m?.[i] ?? 0) + (1 - hyper.beta1) * g);
  const v = grads.map((g, i) => hyper.beta2 * (state.v?.[i] ?? 0) + (1 - hyper.beta2) * g * g);
  const updated = params.map((p, i) => p - (hyper.learningRate * m[i]) / (Math.sqrt(v[i]) + hyper.epsilon));
  return [updated, { m, v, t }];
}

// The loss the optimizer minimizes: a valley with its floor at (3, -1), ten times steeper in w1.
export function loss(w0: number, w1: number): number {
  return (w0 - 3) ** 2 + 10 * (w1 + 1) ** 2;
}

function gradient([w0, w1]: number[]): number[] {
  return [2 * (w0 - 3), 20 * (w1 + 1)];
}

// Runs your update rule: one call of adamStep per step, the state handed from step to step.
export function minimize(start: [number, number], learningRate: number, steps: number): [number, number][] {
  let params: number[] = [...start];
  let state: { m?: number[]; v?: number[]; t?: number } = {};
  const path: [number, number][] = [[params[0], params[1]]];
  for (let i = 0; i < steps; i++) {
    [params, state] = adamStep(params, gradient(params), state, { learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    path.push([params[0], params[1]]);
  }
  return path;
}
