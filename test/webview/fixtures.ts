// Small hand-made trainer payloads, run events and sweep records for the panel tests.
import type { SweepResult, SweepRunResult } from '../../src/engine/sweep';
import type { PanelSnapshot, RunEvent } from '../../src/shared/panelProtocol';
import { reduceRun } from '../../src/shared/runState';
import type { EpochMetrics, RunResult, SandboxState } from '../../src/engine/results';
import type { RunStarted } from '../../src/trainer/protocol';

const SANDBOX: SandboxState = { on: true, reason: "Node's permission model", memoryWatch: { on: true, reason: 'resident memory read from /proc every 100 ms' } };

export function started(overrides: Partial<RunStarted> = {}): RunStarted {
  return {
    exercise: 'many-qwerties',
    backend: 'fused',
    backendReason: 'a small dense stack',
    sandbox: SANDBOX,
    settings: {
      data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 100, blur: 1 },
      loss: 'crossEntropy',
      optimizer: 'sgd',
      learningRate: 0.01,
      batchSize: 'full',
      epochs: 100,
      testFraction: 0,
      seed: 1,
    },
    task: 'multiclass',
    dataset: { rows: 300, trainRows: 300, testRows: 0, features: ['x', 'y'], target: 'cluster', classes: ['A', 'B', 'C'] },
    model: { style: 'layers', variableShapes: [[2, 4], [4], [4, 3], [3]], parameters: 27, outputUnits: 3 },
    warnings: [],
    ...overrides,
  };
}

export function epochs(from: number, to: number): EpochMetrics[] {
  const out: EpochMetrics[] = [];
  for (let epoch = from; epoch <= to; epoch++) out.push({ epoch, train: { loss: 1 / epoch, accuracy: 0.5 } });
  return out;
}

export function result(overrides: Partial<RunResult> = {}): RunResult {
  return {
    exercise: 'many-qwerties',
    backend: 'fused',
    backendReason: 'a small dense stack',
    sandbox: SANDBOX,
    seed: 1,
    epochs: 100,
    status: 'completed',
    wallMs: 4400,
    timings: { startupMs: 1300, compileMs: 19, dataMs: 0.5, firstEpochMs: 5.2, trainMs: 3059, steps: 100, msPerStep: 30.59 },
    peakRssMb: 80.6,
    metrics: { train: { loss: 0.1423, accuracy: 0.95 } },
    evaluation: { kind: 'confusion', split: 'train', classes: ['A', 'B', 'C'], matrix: [[94, 3, 3], [2, 95, 3], [2, 2, 96]] },
    checks: [
      { name: 'three qwerty clusters', passed: true, message: 'The data has 3 classes.' },
      { name: 'one output unit per class', passed: true, message: 'The output layer has 3 units.' },
      { name: 'cross-entropy loss', passed: false, message: 'The loss is binaryCrossEntropy.' },
      { name: 'train accuracy', passed: true, message: 'train accuracy is 95.0%.' },
    ],
    passed: false,
    diagnosis: [],
    verification: { state: 'verified', reason: 'the host rebuilt the trained model and recomputed the metrics and checks' },
    ...overrides,
  };
}

/** Freezes an object graph so that a reducer mutating its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** The host's `runStarted` for run `runId` of many-qwerties. */
export function startRun(runId = 'r1'): RunEvent {
  return { type: 'runStarted', runId, startedAt: 1_700_000_000_000, learnerFile: '/w/many-qwerties.ts', run: started() };
}

/** Folds run events with reduceRun, every input frozen. */
export function foldRun(messages: RunEvent[], from?: PanelSnapshot): PanelSnapshot {
  let state = from;
  for (const message of messages) state = reduceRun(state ? deepFreeze(state) : state, deepFreeze(message));
  return state!;
}

export const SWEEP_EXERCISE = { id: 'learning-rates', title: 'Learning rates' };

/** A running sweep of learningRate 0.01 and 0.1, two repeats, no runs yet. */
export function sweepRecord(overrides: Partial<SweepResult> = {}): SweepResult {
  return {
    version: 1, id: 's1', exercise: 'learning-rates', learnerFile: '/w/learning-rates.ts', status: 'running', startedAt: 1_700_000_000_000,
    workers: 2, spec: { vary: { learningRate: [0.01, 0.1] }, repeats: 2, outcome: 'trainAccuracy', threshold: 0.7 },
    quick: false, repeats: 2, seeds: 'perRun', baseSeed: 1,
    axes: [{ name: 'learningRate', target: 'overrides', values: [0.01, 0.1] }],
    outcome: 'trainAccuracy', threshold: 0.7, runs: [],
    ...overrides,
  };
}

/** Run `index` of sweepRecord: even ones at learningRate 0.01, odd ones at 0.1. */
export function sweepRunResult(index: number, outcome: number | null, epochs = 10, status: SweepRunResult['status'] = 'completed'): SweepRunResult {
  const learningRate = index % 2 === 0 ? 0.01 : 0.1;
  const epoch = Array.from({ length: epochs }, (_, i) => i + 1);
  return {
    index, point: index % 2, repeat: Math.floor(index / 2), values: { learningRate }, seed: 1 + index, status, outcome,
    curve: { epoch, trainLoss: epoch.map((e) => 1 / e), trainAccuracy: epoch.map(() => outcome ?? 0) },
  };
}
