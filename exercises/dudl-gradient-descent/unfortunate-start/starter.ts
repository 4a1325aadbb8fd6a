// An unfortunate start (starter)
//
// Minimise f(x) = cos(2πx) + x² on [-2, 2] with your gradient descent from gd-1d. Read
// README.md, then run "DL Exercises: Run Experiment" (Shift+Alt+E in this file), or in a
// terminal here: `dlx run unfortunate-start`. Then set start to 0 and run again.
export const experiment = { start: 0.3, learningRate: 0.01, steps: 200 };

export function f(x: number): number {
  return Math.cos(2 * Math.PI * x) + x ** 2;
}

// This derivative has a mistake: check it term by term.
export function df(x: number): number {
  return -Math.sin(2 * Math.PI * x) + 2 * x;
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
