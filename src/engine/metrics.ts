// Metrics shared by the training loop, the checks and the panel. Kept free of tfjs so
// they can be tested against hand-computed values.
import type { ClassMetrics } from './results';
import type { OutputKind } from './training';

export function accuracy(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (truth.length === 0) return Number.NaN;
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) correct++;
  return correct / truth.length;
}

/** Pearson correlation; NaN when either side has no variance. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n === 0 || b.length !== n) return Number.NaN;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i];
    meanB += b[i];
  }
  meanA /= n;
  meanB /= n;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - meanA;
    const db = b[i] - meanB;
    cov += da * db;
    varA += da * da;
    varB += db * db;
  }
  return varA === 0 || varB === 0 ? Number.NaN : cov / Math.sqrt(varA * varB);
}

/** matrix[truth][predicted] counts. */
export function confusionMatrix(predicted: ArrayLike<number>, truth: ArrayLike<number>, classes: number): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const p = predicted[i];
    if (p >= 0 && p < classes) matrix[truth[i]][p]++;
  }
  return matrix;
}

/** Each row divided by its sum (the recall of that class); empty rows stay 0. */
export function rowNormalized(matrix: number[][]): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return row.map((count) => (total === 0 ? 0 : count / total));
  });
}

export function perClassAccuracy(matrix: number[][]): number[] {
  return rowNormalized(matrix).map((row, i) => row[i]);
}

export function correlationMatrix(columns: ArrayLike<number>[]): number[][] {
  return columns.map((a, i) => columns.map((b, j) => (i === j ? 1 : pearson(a, b))));
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Population standard deviation (ddof = 0), as scipy.stats.zscore uses. */
export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / values.length);
}

/**
 * Predicted label (classification) or value (regression) per row, from raw model outputs:
 * argmax of logits, probability > 0.5, or logit > 0.
 */
export function predictionsFromOutputs(kind: OutputKind, outputs: Float32Array, units: number): Float32Array {
  const rows = outputs.length / units;
  const predictions = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    if (kind === 'multiclass') {
      let best = 0;
      for (let u = 1; u < units; u++) if (outputs[row * units + u] > outputs[row * units + best]) best = u;
      predictions[row] = best;
    } else if (kind === 'binary-probability') predictions[row] = outputs[row * units] > 0.5 ? 1 : 0;
    else if (kind === 'binary-logit') predictions[row] = outputs[row * units] > 0 ? 1 : 0;
    else predictions[row] = outputs[row * units];
  }
  return predictions;
}

export interface ClassificationReport {
  perClass: ClassMetrics[];
  /** Macro averages: the unweighted mean over every class of the data. */
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Per-class precision, recall and F1 from matrix[truth][predicted], and their macro averages over
 * all classes (sklearn's `average='macro'` with `labels` = every class; for two classes too, where
 * class 1's row is sklearn's `average='binary'`). A 0/0 ratio counts as 0, sklearn's
 * `zero_division=0`: precision of a class never predicted, recall of a class with no rows, and F1
 * when precision and recall are both 0.
 */
export function classificationReport(matrix: number[][], classes: readonly string[]): ClassificationReport {
  const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  const perClass = matrix.map((row, c): ClassMetrics => {
    const truePositives = row[c];
    const support = row.reduce((sum, count) => sum + count, 0);
    const predicted = matrix.reduce((sum, other) => sum + other[c], 0);
    const precision = ratio(truePositives, predicted);
    const recall = ratio(truePositives, support);
    return { class: classes[c] ?? String(c), precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const macro = (pick: (m: ClassMetrics) => number) => (perClass.length === 0 ? Number.NaN : perClass.reduce((sum, m) => sum + pick(m), 0) / perClass.length);
  return { perClass, precision: macro((m) => m.precision), recall: macro((m) => m.recall), f1: macro((m) => m.f1) };
}
