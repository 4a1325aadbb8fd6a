// Data recipes -> numeric tables. Deterministic for a seed; CSV data comes from the pack only.
import * as fs from 'node:fs';
import { parseCsv } from './csv';
import { DlxError } from './errors';
import { correlationMatrix, mean, std } from './metrics';
import { resolveInside } from './pack';
import { createGaussian, createRng, deriveSeed, shuffleInPlace } from './rng';
import type { ClustersRecipe, CsvRecipe, DataRecipe } from './settings';

export interface Dataset {
  features: string[];
  target: string;
  /** Class names when the target is a class label. */
  classes?: string[];
  /** Row-major [rows, features]. */
  x: Float32Array;
  /** Class index or regression target per row. */
  y: Float32Array;
  rows: number;
  correlation?: { columns: string[]; matrix: number[][] };
}

export interface Split {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}

const CLASS_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Gaussian blobs: all of cluster A's points, then B's, ... as the course builds them. */
export function makeClusters(recipe: ClustersRecipe, seed: number): Dataset {
  const gaussian = createGaussian(createRng(deriveSeed(seed, 'data')));
  const dims = recipe.centers[0].length;
  const rows = recipe.centers.length * recipe.perCluster;
  const x = new Float32Array(rows * dims);
  const y = new Float32Array(rows);
  recipe.centers.forEach((center, label) => {
    for (let d = 0; d < dims; d++) {
      for (let i = 0; i < recipe.perCluster; i++) {
        x[(label * recipe.perCluster + i) * dims + d] = center[d] + gaussian() * recipe.blur;
      }
    }
    y.fill(label, label * recipe.perCluster, (label + 1) * recipe.perCluster);
  });
  return {
    features: dims === 2 ? ['x', 'y'] : Array.from({ length: dims }, (_, d) => `x${d + 1}`),
    target: 'cluster',
    classes: recipe.centers.map((_, i) => CLASS_LETTERS[i] ?? `class ${i}`),
    x,
    y,
    rows,
  };
}

function columnNotFound(name: string, role: string, file: string, columns: string[]): DlxError {
  return new DlxError('data', `The ${role} column "${name}" does not exist in ${file}. Its columns are: ${columns.map((c) => `"${c}"`).join(', ')}.`);
}

export function loadCsv(recipe: CsvRecipe, packDir: string): Dataset {
  const file = resolveInside(packDir, recipe.file, 'The data file', 'data');
  if (!fs.existsSync(file)) throw new DlxError('data', `The data file "${recipe.file}" does not exist in the pack.`);
  const table = parseCsv(fs.readFileSync(file, 'utf8'), recipe.file, recipe.classColumn ? [recipe.target] : []);
  const index = (name: string, role: string) => {
    const i = table.columns.indexOf(name);
    if (i < 0) throw columnNotFound(name, role, recipe.file, table.columns);
    return i;
  };
  const targetIndex = index(recipe.target, 'target');
  const featureNames = recipe.features ?? table.columns.filter((name, i) => i !== targetIndex && !table.text.has(name));
  const featureIndices = featureNames.map((name) => index(name, 'feature'));
  if (featureIndices.includes(targetIndex)) throw new DlxError('data', `"${recipe.target}" is both the target and a feature: the model would see the answer.`);

  let keep = Array.from({ length: table.rows }, (_, row) => row);
  for (const filter of recipe.filters ?? []) {
    const column = table.values[index(filter.column, 'filter')];
    keep = keep.filter((row) => (filter.below === undefined || column[row] < filter.below) && (filter.atLeast === undefined || column[row] >= filter.atLeast));
  }
  if (keep.length === 0) throw new DlxError('data', `No rows of ${recipe.file} are left after the filters: the data set is empty.`);

  const zscore = recipe.zscore ?? 'all';
  const numericColumns = table.columns.filter((name) => !table.text.has(name));
  const columnValues = new Map<string, Float64Array>();
  for (const name of numericColumns) {
    const source = table.values[table.columns.indexOf(name)];
    const values = Float64Array.from(keep, (row) => source[row]);
    const standardize = zscore === 'all' || (typeof zscore === 'object' && !zscore.except.includes(name));
    if (standardize) {
      const m = mean(values);
      const s = std(values) || 1;
      for (let i = 0; i < values.length; i++) values[i] = (values[i] - m) / s;
    }
    columnValues.set(name, values);
  }

  const rows = keep.length;
  const x = new Float32Array(rows * featureNames.length);
  featureNames.forEach((name, f) => {
    const values = columnValues.get(name)!;
    for (let row = 0; row < rows; row++) x[row * featureNames.length + f] = values[row];
  });
  const y = new Float32Array(rows);
  let classes: string[] | undefined;
  if (recipe.classColumn) {
    const names = keep.map((row) => table.text.get(recipe.target)![row]);
    classes = [...new Set(names)];
    names.forEach((name, row) => (y[row] = classes!.indexOf(name)));
  } else if (recipe.binarize) {
    const raw = table.values[targetIndex];
    keep.forEach((row, i) => (y[i] = raw[row] > recipe.binarize!.above ? 1 : 0));
    classes = [`${recipe.target} <= ${recipe.binarize.above}`, `${recipe.target} > ${recipe.binarize.above}`];
  } else {
    y.set(columnValues.get(recipe.target)!);
  }
  return {
    features: featureNames,
    target: recipe.target,
    classes,
    x,
    y,
    rows,
    correlation: { columns: numericColumns, matrix: correlationMatrix(numericColumns.map((name) => columnValues.get(name)!)) },
  };
}

export function buildDataset(recipe: DataRecipe, packDir: string, seed: number): Dataset {
  return recipe.kind === 'clusters' ? makeClusters(recipe, seed) : loadCsv(recipe, packDir);
}

/** Copies the given rows into a new split. */
export function takeRows(data: { x: Float32Array; y: Float32Array }, featureCount: number, rows: ArrayLike<number>): Split {
  const x = new Float32Array(rows.length * featureCount);
  const y = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    x.set(data.x.subarray(rows[i] * featureCount, (rows[i] + 1) * featureCount), i * featureCount);
    y[i] = data.y[rows[i]];
  }
  return { x, y, rows: rows.length };
}

/** Shuffled train/test split; the test set gets ceil(rows * fraction) rows, as scikit-learn does. */
export function splitDataset(data: Dataset, testFraction: number, seed: number): { train: Split; test: Split | null } {
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  if (testFraction <= 0) return { train: takeRows(data, data.features.length, order), test: null };
  shuffleInPlace(order, createRng(deriveSeed(seed, 'split')));
  const testRows = Math.ceil(data.rows * testFraction);
  if (testRows >= data.rows) throw new DlxError('settings', `testFraction ${testFraction} leaves no rows to train on.`);
  return {
    test: takeRows(data, data.features.length, order.subarray(0, testRows)),
    train: takeRows(data, data.features.length, order.subarray(testRows)),
  };
}
