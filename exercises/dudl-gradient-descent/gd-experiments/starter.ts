// Parametric experiments on gradient descent (starter)
//
// f(x) = sin(x)·exp(-0.05x²) on [-2π, 2π], with its derivative and your descent. Your challenge:
// the two experiments below, and your conclusion. Read README.md, then run "DL Exercises: Run
// Experiment" (Shift+Alt+E in this file), or in a terminal here: `dlx run gd-experiments`.
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

// Experiment 1: the final x of a descent from each start. As given it returns the starts
// themselves, as if no step were taken.
export function finalFromStarts(starts: number[], learningRate: number, steps: number): number[] {
  return starts;
}

// Experiments 2 and 3: the final x from one start, one row per learning rate and one column per
// number of steps. As given every cell is the start.
export function finalGrid(start: number, learningRates: number[], stepCounts: number[]): number[][] {
  return learningRates.map(() => stepCounts.map(() => start));
}

// Your conclusion, once you have seen the experiments: does gradient descent always find the minimum?
export const alwaysFindsTheMinimum = true;
