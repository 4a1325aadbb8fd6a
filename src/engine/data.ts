// Data recipes -> numeric tables. Deterministic for a seed; CSV data comes from the pack only.
import * as fs from 'node:fs';
import { parseCsv } from './csv';
import { scalingOf } from './dataRecipes';
import { DlxError } from './errors';
import { correlationMatrix, mean, std } from './metrics';
import { resolveInside } from './pack';
import { RecentCache } from './recentCache';
import { createGaussian, createRng, deriveSeed, shuffleInPlace } from './rng';
import type { ClustersRecipe, CsvRecipe, DataRecipe, LineRecipe, LossName, NormalizeMethod, RingsRecipe, SplitKind } from './settings';

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

/** `col^2` names the square of column `col` when the file has `col` and no column named `col^2`. */
/** Two rings: all inner points (class 0), then all outer ones (class 1). */
export function makeRings(recipe: RingsRecipe, seed: number): Dataset {
  const uniform = createRng(deriveSeed(seed, 'data'));
  const gaussian = createGaussian(uniform);
  const rows = 2 * recipe.perClass;
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    const ring = row < recipe.perClass ? 0 : 1;
    const angle = 2 * Math.PI * uniform();
    x[row * 2] = recipe.radii[ring] * Math.cos(angle) + gaussian() * recipe.noise;
    x[row * 2 + 1] = recipe.radii[ring] * Math.sin(angle) + gaussian() * recipe.noise;
    y[row] = ring;
  }
  return { features: ['x', 'y'], target: 'ring', classes: ['inner', 'outer'], x, y, rows };
}

/** One feature x ~ N(0, 1) and the target y = slope * x + noise * N(0, 1). */
export function makeLine(recipe: LineRecipe, seed: number): Dataset {
  const gaussian = createGaussian(createRng(deriveSeed(seed, 'data')));
  const x = Float32Array.from({ length: recipe.n }, () => gaussian());
  const y = x.map((value) => recipe.slope * value + recipe.noise * gaussian());
  return { features: ['x'], target: 'y', x, y, rows: recipe.n };
}

function squaredColumnBase(name: string, columns: string[]): string | undefined {
  const match = /^(.+)\^2$/.exec(name);
  return match && !columns.includes(name) && columns.includes(match[1]) ? match[1] : undefined;
}

/** z-score: (v - mean) / std (population std); min-max: (v - min) / (max - min). A constant column becomes 0. */
export function scaleInPlace(values: Float64Array, method: NormalizeMethod): void {
  if (method === 'none' || values.length === 0) return;
  let offset: number;
  let spread: number;
  if (method === 'zscore') {
    offset = mean(values);
    spread = std(values);
  } else {
    offset = values.reduce((a, b) => Math.min(a, b), Infinity);
    spread = values.reduce((a, b) => Math.max(a, b), -Infinity) - offset;
  }
  const divisor = spread || 1;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] - offset) / divisor;
}

function columnNotFound(name: string, role: string, file: string, columns: string[]): DlxError {
  return new DlxError('data', `The ${role} column "${name}" does not exist in ${file}. Its columns are: ${columns.map((c) => `"${c}"`).join(', ')}.`);
}

/**
 * A process's CSV data sets by recipe, for as long as the file keeps its size and modification time: a
 * sweep's runs in one pool worker, and the host verifying each of them, would otherwise parse and scale
 * the same file once per run (wine: about 15 ms each, most of a short run's fixed cost). Each caller gets
 * its own copy, so no run can change another's data.
 */
const csvDatasets = new RecentCache<string, { stamp: string; dataset: Dataset }>(8);

function copyDataset(dataset: Dataset): Dataset {
  return { ...dataset, features: [...dataset.features], classes: dataset.classes && [...dataset.classes], x: dataset.x.slice(), y: dataset.y.slice(), correlation: dataset.correlation && structuredClone(dataset.correlation) };
}

export function loadCsv(recipe: CsvRecipe, packDir: string): Dataset {
  const file = resolveInside(packDir, recipe.file, 'The data file', 'data');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new DlxError('data', `The data file "${recipe.file}" does not exist in the pack.`);
  }
  const key = JSON.stringify([file, recipe]);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const kept = csvDatasets.get(key);
  if (kept?.stamp === stamp) return copyDataset(kept.dataset);
  const dataset = parseCsvDataset(recipe, fs.readFileSync(file, 'utf8'));
  csvDatasets.set(key, { stamp, dataset });
  return copyDataset(dataset);
}

function parseCsvDataset(recipe: CsvRecipe, text: string): Dataset {
  const table = parseCsv(text, recipe.file, recipe.classColumn ? [recipe.target] : []);
  const index = (name: string, role: string) => {
    const i = table.columns.indexOf(name);
    if (i < 0) throw columnNotFound(name, role, recipe.file, table.columns);
    return i;
  };
  const targetIndex = index(recipe.target, 'target');
  const featureNames = recipe.features ?? table.columns.filter((name, i) => i !== targetIndex && !table.text.has(name));
  const featureIndices = featureNames.map((name) => squaredColumnBase(name, table.columns) === undefined ? index(name, 'feature') : -1);
  if (featureIndices.includes(targetIndex)) throw new DlxError('data', `"${recipe.target}" is both the target and a feature: the model would see the answer.`);

  let keep = Array.from({ length: table.rows }, (_, row) => row);
  for (const filter of recipe.filters ?? []) {
    const column = table.values[index(filter.column, 'filter')];
    keep = keep.filter((row) => (filter.below === undefined || column[row] < filter.below) && (filter.atLeast === undefined || column[row] >= filter.atLeast));
  }
  if (keep.length === 0) throw new DlxError('data', `No rows of ${recipe.file} are left after the filters: the data set is empty.`);

  const scaling = scalingOf(recipe);
  const numericColumns = table.columns.filter((name) => !table.text.has(name));
  const columnValues = new Map<string, Float64Array>();
  const rawValues = (name: string) => {
    const source = table.values[table.columns.indexOf(name)];
    return Float64Array.from(keep, (row) => source[row]);
  };
  for (const name of numericColumns) columnValues.set(name, rawValues(name));
  for (const name of featureNames) {
    const base = squaredColumnBase(name, table.columns);
    if (base !== undefined) columnValues.set(name, rawValues(base).map((value) => value * value));
  }
  for (const name of scaling.except) {
    if (!columnValues.has(name)) throw columnNotFound(name, 'normalize.except', recipe.file, [...columnValues.keys()]);
  }
  for (const [name, values] of columnValues) {
    if (!scaling.except.includes(name)) scaleInPlace(values, scaling.method);
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

/**
 * Binary losses take labels 0 and 1. A CSV target of 0s and 1s scaled with the features (the default
 * z-score) has lost them, and would count as neither class.
 */
export function checkBinaryLabels(loss: LossName, dataset: Dataset, recipe: DataRecipe): void {
  if (loss !== 'binaryCrossEntropy' && loss !== 'binaryCrossEntropyWithLogits') return;
  const others = new Set<number>();
  for (const label of dataset.y) if (label !== 0 && label !== 1 && others.add(label).size >= 3) break;
  if (others.size === 0) return;
  const values = [...others].map((value) => Number(value.toPrecision(4))).join(', ');
  const scaling = recipe.kind === 'csv' && !recipe.binarize && !recipe.classColumn ? scalingOf(recipe) : undefined;
  const fix = scaling && scaling.method !== 'none' && !scaling.except.includes(dataset.target)
    ? `: it was scaled (${scaling.method}) with the features. Keep it out with normalize: { method: '${scaling.method}', except: ['${dataset.target}'] }, or make two classes of it with binarize: { above: <threshold> }`
    : '';
  throw new DlxError('data', `The loss ${loss} takes labels 0 and 1, but the target "${dataset.target}" also holds ${values}${others.size >= 3 ? ', ...' : ''}${fix}.`);
}

export function buildDataset(recipe: DataRecipe, packDir: string, seed: number): Dataset {
  if (recipe.kind === 'clusters') return makeClusters(recipe, seed);
  if (recipe.kind === 'rings') return makeRings(recipe, seed);
  if (recipe.kind === 'line') return makeLine(recipe, seed);
  return loadCsv(recipe, packDir);
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
