// The extension's settings (contributes.configuration in package.json).
import * as vscode from 'vscode';
import type { ExerciseLimits } from '../engine/pack';
import type { BackendChoice } from '../engine/results';

export function readSettings(exerciseLimits: ExerciseLimits) {
  const config = vscode.workspace.getConfiguration('dlExercises');
  const positive = (key: string) => {
    const value = config.get<number>(key, 0);
    return typeof value === 'number' && value > 0 ? value : undefined;
  };
  return {
    backend: config.get<BackendChoice>('backend', 'auto'),
    seed: config.get<number | null>('seed', null) ?? undefined,
    /** Trainer processes a sweep runs on; undefined: one per CPU core. */
    sweepWorkers: positive('sweep.workers'),
    askForPrediction: config.get<boolean>('sweep.askForPrediction', true),
    limits: {
      timeoutSeconds: positive('limits.timeoutSeconds') ?? exerciseLimits.timeoutSeconds,
      memoryMb: positive('limits.memoryMb') ?? exerciseLimits.memoryMb,
    },
  };
}
