// An unfortunate start (solution)
export const experiment = { start: 0.3, learningRate: 0.01, steps: 200 };

export function f(x: number): number {
  return Math.cos(2 * Math.PI * x) + x ** 2;
}

export function df(x: number): number {
  return -2 * Math.PI * Math.sin(2 * Math.PI * x) + 2 * x;
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
