import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCsv } from '../src/engine/csv';
import { buildDataset, makeClusters, splitDataset } from '../src/engine/data';
import { DlxError } from '../src/engine/errors';
import { mean, std } from '../src/engine/metrics';
import { PACK } from './helpers/fixtures';

const wine = (extra: object = {}) => buildDataset({ kind: 'csv', file: 'data/winequality-red.csv', target: 'residual sugar', zscore: 'none', ...extra }, PACK, 1);

describe('data', () => {
  it('reads the shipped wine data: 1599 rows, mean residual sugar 2.5388', () => {
    const data = wine();
    assert.equal(data.rows, 1599);
    assert.equal(data.features.length, 11);
    assert.ok(data.features.includes('quality'));
    assert.equal(mean(data.y).toFixed(4), '2.5388');
  });

  it('binarised quality keeps the published class counts (3-5 bad: 744, 6-8 good: 855)', () => {
    const data = wine({ target: 'quality', binarize: { above: 5 } });
    assert.equal(data.y.filter((label) => label === 1).length, 638 + 199 + 18);
    assert.equal(data.y.filter((label) => label === 0).length, 10 + 53 + 681);
  });

  it('the course recipe: drop total sulfur dioxide >= 200, z-score everything', () => {
    const data = wine({ zscore: 'all', filters: [{ column: 'total sulfur dioxide', below: 200 }] });
    assert.equal(data.rows, 1597);
    assert.ok(Math.abs(mean(data.y)) < 1e-6);
    assert.ok(Math.abs(std(data.y) - 1) < 1e-6);
    assert.equal(data.correlation!.columns.length, 12);
    assert.equal(data.correlation!.matrix[3][3], 1);
  });

  it('clusters: labels per centre, reproducible for a seed, different for another', () => {
    const recipe = { kind: 'clusters' as const, centers: [[1, 1], [5, 1], [3, -2]], perCluster: 100, blur: 1 };
    const a = makeClusters(recipe, 7);
    assert.equal(a.rows, 300);
    assert.deepEqual(a.classes, ['A', 'B', 'C']);
    assert.equal(a.y[0], 0);
    assert.equal(a.y[299], 2);
    assert.deepEqual(a.x, makeClusters(recipe, 7).x);
    assert.notDeepEqual(a.x, makeClusters(recipe, 8).x);
    // Points scatter around their centre: cluster B's mean x is near 5.
    const bx = Array.from({ length: 100 }, (_, i) => a.x[(100 + i) * 2]);
    assert.ok(Math.abs(mean(bx) - 5) < 0.3);
  });

  it('splits 90/10 with ceil for the test set, without losing rows', () => {
    const data = wine();
    const { train, test } = splitDataset(data, { testFraction: 0.1 }, 3);
    assert.equal(test!.rows, 160);
    assert.equal(train.rows, 1439);
    const sum = (values: Float32Array) => values.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(sum(train.y) + sum(test!.y) - sum(data.y)) < 1e-2);
  });

  it('CSV problems name the file, row and column', () => {
    assert.throws(() => parseCsv('a,b\n1,2\n3\n', 't.csv'), (e: DlxError) => e.kind === 'data' && /t\.csv, row 3: 1 cells where the header has 2 columns/.test(e.message));
    assert.throws(() => parseCsv('a,b\n1,x\n', 't.csv'), /t\.csv, row 2, column 2 \("b"\): "x" is not a number/);
    assert.throws(() => parseCsv('', 't.csv'), /t\.csv is empty/);
    assert.throws(() => parseCsv('a,b\n', 't.csv'), /no data rows/);
  });

  it('a CSV data set read again in the process is the same, each caller\'s own copy, and a changed file is read anew', () => {
    const pack = fs.mkdtempSync(path.join(os.tmpdir(), 'dlx-csv-cache-'));
    const recipe = { kind: 'csv' as const, file: 'points.csv', target: 'y', zscore: 'none' as const };
    fs.writeFileSync(path.join(pack, 'points.csv'), 'x,y\n1,2\n3,4\n');
    const first = buildDataset(recipe, pack, 1);
    first.x[0] = 99;
    first.features.push('mutated');
    first.correlation!.matrix[0][0] = 99;
    const again = buildDataset(recipe, pack, 1);
    assert.deepEqual([...again.x], [1, 3]);
    assert.deepEqual(again.features, ['x']);
    assert.equal(again.correlation!.matrix[0][0], 1);
    // Another size: the file is parsed again (a same-size edit changes the modification time).
    fs.writeFileSync(path.join(pack, 'points.csv'), 'x,y\n10,2\n30,4\n5,6\n');
    const edited = buildDataset(recipe, pack, 1);
    assert.deepEqual([...edited.x], [10, 30, 5]);
    assert.deepEqual([...edited.y], [2, 4, 6]);
    fs.rmSync(path.join(pack, 'points.csv'));
    assert.throws(() => buildDataset(recipe, pack, 1), /"points\.csv" does not exist in the pack/);
    fs.rmSync(pack, { recursive: true, force: true });
  });

  it('a missing target column lists the columns there are', () => {
    assert.throws(() => wine({ target: 'sugar' }), (e: DlxError) => e.kind === 'data' && /"sugar" does not exist.*"residual sugar"/.test(e.message));
  });
});
