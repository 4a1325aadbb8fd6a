// Parametric experiments on gradient descent (solution)
export const experiment = { start: 0, learningRate: 0.01, steps: 1000 };

export function f(x: number): number {
  return Math.sin(x) * Math.exp(-0.05 * x ** 2);
}

export function df(x: number): number {
  return Math.exp(-0.05 * x ** 2) * (Math.cos(x) - 0.1 * x * Math.sin(x));
}

export function descend(start: number, learningRate: number, steps: number): number[] {
  const path = [start];
  let x = start;
  for (let i = 0; i < steps; i++) {
    x = x - learningRate * df(x);
    path.push(x);
  }
  return path;
}

const finalOf = (start: number, learningRate: number, steps: number) => descend(start, learningRate, steps)[steps];

// Experiment 1: where the descent ends, for each start.
export function finalFromStarts(starts: number[], learningRate: number, steps: number): number[] {
  return starts.map((start) => finalOf(start, learningRate, steps));
}

// Experiments 2 and 3: one row per learning rate, one column per number of steps.
export function finalGrid(start: number, learningRates: number[], stepCounts: number[]): number[][] {
  return learningRates.map((learningRate) => stepCounts.map((steps) => finalOf(start, learningRate, steps)));
}

// Starts on the right end in the valley near x = 4.3; small learning rates or few steps stop
// short: the answer depends on the start, the learning rate and the number of steps.
export const alwaysFindsTheMinimum = false;
