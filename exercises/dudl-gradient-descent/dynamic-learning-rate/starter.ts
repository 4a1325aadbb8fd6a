// Fixed vs. dynamic learning rate (starter)
//
// f(x) = 3x² - 3x + 4 again, and the fixed-rate descent of gd-1d. Your challenge: two descents
// whose learning rate changes as they go. Read README.md, then run "DL Exercises: Run Experiment"
// (Shift+Alt+E in this file), or in a terminal here: `dlx run dynamic-learning-rate`.
export const experiment = { start: -1.5, learningRate: 0.1, steps: 30 };

export function f(x: number): number {
  return 3 * x ** 2 - 3 * x + 4;
}

export function df(x: number): number {
  return 6 * x - 3;
}

// The fixed learning rate, as in gd-1d.
export function descendFixed(start: number, learningRate: number, steps: number): number[] {
  const path = [start];
  let x = start;
  for (let i = 0; i < steps; i++) {
    x = x - learningRate * df(x);
    path.push(x);
  }
  return path;
}

// The rate should shrink with the step. As given it is the fixed rate.
export function descendByTime(start: number, learningRate: number, steps: number): number[] {
  return descendFixed(start, learningRate, steps);
}

// The rate should scale with the slope. As given it is the fixed rate.
export function descendByGradient(start: number, learningRate: number, steps: number): number[] {
  return descendFixed(start, learningRate, steps);
}
