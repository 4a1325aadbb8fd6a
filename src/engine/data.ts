// Data recipes -> numeric tables. Deterministic for a seed; CSV data comes from the pack only.
import * as fs from 'node:fs';
import { parseCsv } from './csv';
import { DlxError } from './errors';
import { correlationMatrix, mean, std } from './metrics';
import { resolveInside } from './pack';
import { createGaussian, createRng, deriveSeed, shuffleInPlace } from './rng';
import type { ClustersRecipe, CsvRecipe, DataRecipe, SplitKind } from './settings';

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

export interface SplitPlan {
  testFraction: number;
  devFraction?: number;
  split?: SplitKind;
}

export interface ThreeWaySplit {
  train: Split;
  dev: Split | null;
  test: Split | null;
}

/** Which rows go to test, dev and train: index lists in the order the rows are taken. */
function assignRows(data: Dataset, order: Int32Array, testFraction: number, devFraction: number, kind: SplitKind): { test: number[]; dev: number[]; train: number[] } {
  const parts = { test: [] as number[], dev: [] as number[], train: [] as number[] };
  if (kind === 'stratified') {
    if (!data.classes) throw new DlxError('settings', `experiment.split 'stratified' splits each class in the same proportions, but the target "${data.target}" is not a class label. Use split 'random' or 'ordered'.`);
    // Per class, round(members * fraction) rows, taken in the shuffled order so each split stays shuffled.
    const members = data.classes.map((_, c) => data.y.filter((label) => label === c).length);
    const wanted = members.map((n) => ({ test: Math.round(n * testFraction), dev: Math.round(n * devFraction) }));
    for (const row of order) {
      const want = wanted[data.y[row]];
      if (want.test > 0) (want.test--, parts.test.push(row));
      else if (want.dev > 0) (want.dev--, parts.dev.push(row));
      else parts.train.push(row);
    }
    return parts;
  }
  const testRows = Math.ceil(data.rows * testFraction);
  const devRows = Math.ceil(data.rows * devFraction);
  const rows = Array.from(order);
  if (kind === 'ordered') {
    // The first rows train, then dev, then test: the course's manual separation.
    const trainRows = data.rows - testRows - devRows;
    return { train: rows.slice(0, trainRows), dev: rows.slice(trainRows, trainRows + devRows), test: rows.slice(trainRows + devRows) };
  }
  return { test: rows.slice(0, testRows), dev: rows.slice(testRows, testRows + devRows), train: rows.slice(testRows + devRows) };
}

/**
 * Train/dev/test split; 'random' (the default) shuffles once and gives the test set ceil(rows * testFraction)
 * rows, as scikit-learn does, then the dev set ceil(rows * devFraction) of the rest.
 */
export function splitDataset(data: Dataset, plan: SplitPlan, seed: number): ThreeWaySplit {
  const { testFraction } = plan;
  const devFraction = plan.devFraction ?? 0;
  const kind = plan.split ?? 'random';
  const features = data.features.length;
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  if (testFraction <= 0 && devFraction <= 0) return { train: takeRows(data, features, order), dev: null, test: null };
  if (kind !== 'ordered') shuffleInPlace(order, createRng(deriveSeed(seed, 'split')));
  const parts = assignRows(data, order, testFraction, devFraction, kind);
  if (parts.train.length === 0) {
    throw new DlxError('settings', `testFraction ${testFraction}${devFraction > 0 ? ` with devFraction ${devFraction}` : ''} leaves no rows to train on (the data has ${data.rows} rows).`);
  }
  for (const [name, fraction, rows] of [['testFraction', testFraction, parts.test], ['devFraction', devFraction, parts.dev]] as const) {
    if (fraction > 0 && rows.length === 0) throw new DlxError('settings', `experiment.${name} ${fraction} gives that set no rows of the ${data.rows} (split '${kind}'): raise it.`);
  }
  const part = (rows: number[]) => (rows.length > 0 ? takeRows(data, features, rows) : null);
  return { train: takeRows(data, features, parts.train), dev: part(parts.dev), test: part(parts.test) };
}
