// The training loop. It knows nothing about processes or UI: it reports through callbacks.
import { createCheckpointPolicy } from './checkpointPolicy';
import type { CheckpointKind, EarlyStoppingOutcome, EpochMetrics, RunStatus, SplitMetrics } from './results';
import type { Split } from './data';
import { createEarlyStopper } from './earlyStopping';
import { DlxError } from './errors';
import { accuracy, pearson, predictionsFromOutputs } from './metrics';
import { learningRateAt } from './optimizers';
import { createRng, deriveSeed, shuffleInPlace } from './rng';
import type { ExperimentSettings, LossName } from './settings';
import type { StepEngine, WeightSnapshot } from './stepEngines';

export interface TrainingCallbacks {
  onEpoch(metrics: EpochMetrics): void;
  /** Called after every epoch; resolves true to stop. The caller decides when to yield to the event loop. */
  checkpoint(): Promise<boolean>;
  now(): number;
  /** Saves the weights as they are now, the end of `epoch` (settings.checkpoint); `value`: the monitored value of a best one. */
  saveCheckpoint?(kind: CheckpointKind, epoch: number, value?: number): void;
}

export interface TrainingOutcome {
  status: RunStatus;
  epochs: number;
  steps: number;
  firstEpochMs: number;
  trainMs: number;
  /** Highest train accuracy seen in any epoch (classification). */
  bestTrainAccuracy?: number;
  /** Only with settings.earlyStopping. */
  earlyStopping?: EarlyStoppingOutcome;
}

export type OutputKind = 'multiclass' | 'binary-probability' | 'binary-logit' | 'regression';

export function outputKindOf(loss: LossName): OutputKind {
  return ({ crossEntropy: 'multiclass', binaryCrossEntropy: 'binary-probability', binaryCrossEntropyWithLogits: 'binary-logit', mse: 'regression' } as const)[loss];
}

/** Loss plus accuracy (classification) or r (regression) for outputs of the given rows. */
export function metricsFromOutputs(loss: number, kind: OutputKind, outputs: Float32Array, y: Float32Array, units: number): SplitMetrics {
  const predictions = predictionsFromOutputs(kind, outputs, units);
  const truth = y.subarray(0, predictions.length);
  return kind === 'regression' ? { loss, r: pearson(predictions, truth) } : { loss, accuracy: accuracy(predictions, truth) };
}

export function batchPlan(settings: ExperimentSettings, trainRows: number): { batchSize: number; batches: number } {
  if (settings.batchSize === 'full') return { batchSize: trainRows, batches: 1 };
  if (settings.batchSize > trainRows) {
    throw new DlxError('settings', `batchSize ${settings.batchSize} is larger than the training set (${trainRows} rows). Use a smaller batch or 'full'.`);
  }
  // Drop the last partial batch, as the course's DataLoader(drop_last=True) does.
  return { batchSize: settings.batchSize, batches: Math.floor(trainRows / settings.batchSize) };
}

function mean(values: Float32Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

export async function train(
  engine: StepEngine,
  settings: ExperimentSettings,
  data: { train: Split; dev?: Split | null; test: Split | null },
  shape: { features: number; units: number },
  callbacks: TrainingCallbacks,
  /** A resumed run: the weights are those of the end of this epoch; training goes on with the next, the shuffles replayed. */
  resumeAfterEpoch = 0,
): Promise<TrainingOutcome> {
  const { train: trainSplit, dev, test } = data;
  const kind = outputKindOf(settings.loss);
  const { batchSize, batches } = batchPlan(settings, trainSplit.rows);
  const shuffle = settings.batchSize !== 'full';
  const rng = createRng(deriveSeed(settings.seed, 'shuffle'));
  const order = Int32Array.from({ length: trainSplit.rows }, (_, i) => i);
  const epochX = shuffle ? new Float32Array(trainSplit.x.length) : trainSplit.x;
  const epochY = shuffle ? new Float32Array(trainSplit.y.length) : trainSplit.y;
  const start = callbacks.now();
  const outcome: TrainingOutcome = { status: 'completed', epochs: resumeAfterEpoch, steps: 0, firstEpochMs: 0, trainMs: 0 };
  const stopper = settings.earlyStopping && createEarlyStopper(settings.earlyStopping);
  const restoreBest = settings.earlyStopping?.restoreBestWeights ?? true;
  let best: WeightSnapshot | null = null;
  let stoppedEpoch: number | null = null;
  const checkpoints = settings.checkpoint && createCheckpointPolicy(settings.checkpoint);
  let lastSaved = resumeAfterEpoch;
  const evaluateOn = (split: Split): SplitMetrics => {
    const evaluated = engine.evaluate(split.x, split.y, split.rows);
    return metricsFromOutputs(evaluated.loss, kind, evaluated.outputs, split.y, shape.units);
  };

  // Where training and evaluation differ (dropout, batch norm), train metrics come from an
  // evaluation-mode pass after the epoch's steps, as test metrics do; else from the steps themselves.
  const trainMetricsOf = (losses: Float32Array, outputs: Float32Array): SplitMetrics => {
    if (engine.stepOutputsMatchEvaluation) return metricsFromOutputs(mean(losses), kind, outputs, epochY, shape.units);
    const evaluated = engine.evaluate(trainSplit.x, trainSplit.y, trainSplit.rows);
    return metricsFromOutputs(evaluated.loss, kind, evaluated.outputs, trainSplit.y, shape.units);
  };

  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    if (shuffle) {
      shuffleInPlace(order, rng);
      for (let i = 0; i < order.length; i++) {
        epochX.set(trainSplit.x.subarray(order[i] * shape.features, (order[i] + 1) * shape.features), i * shape.features);
        epochY[i] = trainSplit.y[order[i]];
      }
    }
    // The order of a resumed run's epochs is the uninterrupted run's: the skipped epochs still shuffle.
    if (epoch <= resumeAfterEpoch) continue;
    const learningRate = learningRateAt(settings.learningRate, settings.lrSchedule, epoch);
    if (settings.lrSchedule) engine.setLearningRate(learningRate);
    const { losses, outputs, penalties } = engine.trainEpoch(epochX, epochY, batchSize, batches);
    const layers = engine.layerNorms();
    const metrics: EpochMetrics = { epoch, train: trainMetricsOf(losses, outputs), ...(settings.lrSchedule ? { learningRate } : {}), ...(layers.length ? { layers } : {}) };
    if (penalties) metrics.train.penalty = mean(penalties);
    if (dev) metrics.dev = evaluateOn(dev);
    if (test) metrics.test = evaluateOn(test);
    outcome.epochs = epoch;
    outcome.steps += batches;
    if (epoch === resumeAfterEpoch + 1) outcome.firstEpochMs = callbacks.now() - start;
    if (metrics.train.accuracy !== undefined) outcome.bestTrainAccuracy = Math.max(outcome.bestTrainAccuracy ?? 0, metrics.train.accuracy);
    callbacks.onEpoch(metrics);
    if (!Number.isFinite(metrics.train.loss)) {
      outcome.status = 'diverged';
      break;
    }
    const verdict = stopper?.observe(metrics);
    if (verdict === 'best' && restoreBest) {
      best?.dispose();
      best = engine.snapshotWeights();
    }
    for (const kind of checkpoints?.observe(metrics) ?? []) {
      callbacks.saveCheckpoint?.(kind, epoch, kind === 'best' ? checkpoints!.bestValue()! : undefined);
      if (kind === 'last') lastSaved = epoch;
    }
    if (await callbacks.checkpoint()) {
      outcome.status = epoch === settings.epochs ? 'completed' : 'stopped';
      break;
    }
    if (verdict === 'stop') {
      stoppedEpoch = epoch;
      break;
    }
  }
  // However training ended (a stop, the patience, the budget), the last weights can be resumed from; NaN weights cannot.
  if (checkpoints && outcome.status !== 'diverged' && outcome.epochs > lastSaved) callbacks.saveCheckpoint?.('last', outcome.epochs);
  if (stopper) {
    const bestEpoch = stopper.bestEpoch();
    // Whether the patience or the epoch budget ended training (not a cancel or a divergence), the best weights come back.
    const restored = best !== null && outcome.status === 'completed' && bestEpoch !== outcome.epochs;
    if (restored) best!.restore();
    outcome.earlyStopping = { stoppedEpoch, bestEpoch, restored };
  }
  best?.dispose();
  outcome.trainMs = callbacks.now() - start;
  return outcome;
}
