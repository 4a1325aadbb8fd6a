// A run's final numbers from the final model's outputs: the metrics of each split, the confusion
// matrix or scatter, the dataset summary. The trainer and the verifier (verify.ts) share them, so
// both compute the same thing the same way.
import type { Dataset, Split, ThreeWaySplit } from './data';
import { classificationReport, confusionMatrix, predictionsFromOutputs } from './metrics';
import type { DatasetSummary, Evaluation, RunMetrics } from './results';
import { metricsFromOutputs, type OutputKind } from './training';

const MAX_SCATTER_POINTS = 2000;

/** One evaluation-mode pass over a split: its mean loss and the outputs [rows, units]. */
export interface ForwardPass {
  loss: number;
  outputs: Float32Array;
}

export interface FinalResults {
  metrics: RunMetrics;
  evaluation: Evaluation;
}

export function finalResults(
  kind: OutputKind,
  units: number,
  dataset: Dataset,
  split: ThreeWaySplit,
  passes: { train: ForwardPass; dev?: ForwardPass | null; test: ForwardPass | null },
): FinalResults {
  const classes = dataset.classes ?? ['0', '1'];
  // Classification: precision, recall and F1 come from each split's confusion matrix, in inference mode.
  const finalOf = (pass: ForwardPass, data: Split) => {
    const metrics = metricsFromOutputs(pass.loss, kind, pass.outputs, data.y, units);
    if (kind === 'regression') return { metrics, matrix: null };
    const matrix = confusionMatrix(predictionsFromOutputs(kind, pass.outputs, units), data.y, classes.length);
    const report = classificationReport(matrix, classes);
    return { metrics: { ...metrics, precision: report.precision, recall: report.recall, f1: report.f1, perClass: report.perClass }, matrix };
  };
  const train = finalOf(passes.train, split.train);
  const dev = passes.dev && split.dev ? finalOf(passes.dev, split.dev) : null;
  const test = passes.test && split.test ? finalOf(passes.test, split.test) : null;
  const metrics: RunMetrics = { train: train.metrics, ...(dev ? { dev: dev.metrics } : {}), ...(test ? { test: test.metrics } : {}) };
  const shown = test && passes.test && split.test
    ? { split: 'test' as const, forward: passes.test, data: split.test, matrix: test.matrix }
    : { split: 'train' as const, forward: passes.train, data: split.train, matrix: train.matrix };
  if (!shown.matrix) {
    const predictions = predictionsFromOutputs(kind, shown.forward.outputs, units);
    const step = Math.max(1, Math.ceil(shown.data.rows / MAX_SCATTER_POINTS));
    const points: [number, number][] = [];
    for (let i = 0; i < shown.data.rows; i += step) points.push([shown.data.y[i], predictions[i]]);
    return { metrics, evaluation: { kind: 'scatter', split: shown.split, points, r: metrics[shown.split]?.r ?? Number.NaN } };
  }
  return { metrics, evaluation: { kind: 'confusion', split: shown.split, classes, matrix: shown.matrix } };
}

export function summarizeDataset(dataset: Dataset, split: ThreeWaySplit): DatasetSummary {
  return {
    rows: dataset.rows,
    trainRows: split.train.rows,
    ...(split.dev ? { devRows: split.dev.rows } : {}),
    testRows: split.test?.rows ?? 0,
    features: dataset.features,
    target: dataset.target,
    ...(dataset.classes ? { classes: dataset.classes } : {}),
    ...(dataset.correlation ? { correlation: dataset.correlation } : {}),
  };
}
