// Fixed vs. dynamic learning rate (solution)
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

// The rate shrinks linearly with the step: the full rate at step 0, almost 0 at the last.
export function descendByTime(start: number, learningRate: number, steps: number): number[] {
  const path = [start];
  let x = start;
  for (let i = 0; i < steps; i++) {
    const rate = learningRate * (1 - i / steps);
    x = x - rate * df(x);
    path.push(x);
  }
  return path;
}

// The rate scales with the slope: large where it is steep, small near the minimum.
export function descendByGradient(start: number, learningRate: number, steps: number): number[] {
  const path = [start];
  let x = start;
  for (let i = 0; i < steps; i++) {
    const rate = learningRate * Math.abs(df(x));
    x = x - rate * df(x);
    path.push(x);
  }
  return path;
}
