// A small function exercise (f(x) = x², its derivative and a descent) for tests of the function
// kind, and a way to run a learner file on it through the trainer children.
import * as path from 'node:path';
import { loadExercise } from '../../src/engine/pack';
import type { RunError } from '../../src/engine/results';
import type { FunctionRunResult } from '../../src/engine/functions';
import { startFunctionRun } from '../../src/host/functionRun';
import { REPO, tempDir } from './fixtures';

export const SQUARE_SOLUTION = `export function f(x: number): number { return x * x; }
export function df(x: number): number { return 2 * x; }
export function descend(start: number, learningRate: number, steps: number): number[] {
  const path = [start];
  let x = start;
  for (let i = 0; i < steps; i++) { x -= learningRate * df(x); path.push(x); }
  return path;
}
`;

export const SQUARE_EXERCISE = {
  id: 'sq', title: 'Square', kind: 'function', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'sq.ts',
  limits: { timeoutSeconds: 2, memoryMb: 256 },
  function: {
    exports: [
      { name: 'f', signature: 'f(x: number): number', returns: 'number' },
      { name: 'df', signature: 'df(x: number): number', returns: 'number' },
      { name: 'descend', signature: 'descend(start: number, learningRate: number, steps: number): number[]', returns: 'path' },
    ],
    objective: 'f', derivative: 'df', domain: [[-2, 2]],
    descent: { export: 'descend', parameters: { start: 1, learningRate: 0.25, steps: 3 } },
  },
  checks: [
    { kind: 'compare', export: 'df', points: { seed: 5, count: 4 } },
    { kind: 'descent', export: 'descend', endsNear: 0, within: 0.2 },
  ],
};

/** A pack holding the square exercise, `patch` merged over its exercise.json. */
export function squarePack(patch: object = {}): string {
  const dir = tempDir({
    'pack.json': JSON.stringify({ name: 'fn', title: 'Fn', version: '1.0.0', exercises: ['sq'] }),
    'sq/exercise.json': JSON.stringify({ ...SQUARE_EXERCISE, ...patch }),
    'sq/README.md': '# Square\n',
    'sq/starter.ts': SQUARE_SOLUTION,
    'sq/solution.ts': SQUARE_SOLUTION,
  });
  return path.join(dir, 'sq');
}

/** Runs `learner` (a file body) on the square exercise through the trainer children. */
export async function runSquare(learner: string, patch: object = {}): Promise<{ result?: FunctionRunResult; error?: RunError }> {
  const exerciseDir = squarePack(patch);
  const file = path.join(tempDir({ 'sq.ts': learner }), 'sq.ts');
  const outcome = await startFunctionRun(loadExercise(exerciseDir), file, { trainerPath: path.join(REPO, 'dist', 'trainer.js') }).outcome;
  return outcome.type === 'finished' ? { result: outcome.result } : { error: outcome.error };
}
