// A run's final numbers from the final model's outputs: the metrics of each split, the confusion
// matrix or scatter, the dataset summary. The trainer and the verifier (verify.ts) share them, so
// both compute the same thing the same way.
import type { Dataset, Split } from './data';
import { confusionMatrix, predictionsFromOutputs } from './metrics';
import type { DatasetSummary, Evaluation, SplitMetrics } from './results';
import { metricsFromOutputs, type OutputKind } from './training';

const MAX_SCATTER_POINTS = 2000;

/** One evaluation-mode pass over a split: its mean loss and the outputs [rows, units]. */
export interface ForwardPass {
  loss: number;
  outputs: Float32Array;
}

export interface FinalResults {
  metrics: { train: SplitMetrics; test?: SplitMetrics };
  evaluation: Evaluation;
}

export function finalResults(
  kind: OutputKind,
  units: number,
  dataset: Dataset,
  split: { train: Split; test: Split | null },
  passes: { train: ForwardPass; test: ForwardPass | null },
): FinalResults {
  const metrics = {
    train: metricsFromOutputs(passes.train.loss, kind, passes.train.outputs, split.train.y, units),
    ...(passes.test && split.test ? { test: metricsFromOutputs(passes.test.loss, kind, passes.test.outputs, split.test.y, units) } : {}),
  };
  const shown = passes.test && split.test ? { split: 'test' as const, forward: passes.test, data: split.test } : { split: 'train' as const, forward: passes.train, data: split.train };
  const predictions = predictionsFromOutputs(kind, shown.forward.outputs, units);
  if (kind === 'regression') {
    const step = Math.max(1, Math.ceil(shown.data.rows / MAX_SCATTER_POINTS));
    const points: [number, number][] = [];
    for (let i = 0; i < shown.data.rows; i += step) points.push([shown.data.y[i], predictions[i]]);
    return { metrics, evaluation: { kind: 'scatter', split: shown.split, points, r: metrics[shown.split]?.r ?? Number.NaN } };
  }
  const classes = dataset.classes ?? ['0', '1'];
  return { metrics, evaluation: { kind: 'confusion', split: shown.split, classes, matrix: confusionMatrix(predictions, shown.data.y, classes.length) } };
}

export function summarizeDataset(dataset: Dataset, split: { train: Split; test: Split | null }): DatasetSummary {
  return {
    rows: dataset.rows,
    trainRows: split.train.rows,
    testRows: split.test?.rows ?? 0,
    features: dataset.features,
    target: dataset.target,
    ...(dataset.classes ? { classes: dataset.classes } : {}),
    ...(dataset.correlation ? { correlation: dataset.correlation } : {}),
  };
}
