import * as assert from 'node:assert/strict';
import { buildDataset, makeLine, makeRings } from '../src/engine/data';
import { DlxError } from '../src/engine/errors';
import { parseSettings } from '../src/engine/experiment';
import { mean, std } from '../src/engine/metrics';
import type { DataRecipe } from '../src/engine/settings';
import { Validator } from '../src/engine/validate';
import { miniPack } from './helpers/fixtures';
import { runLearner } from './helpers/training';

const TINY = 'a,b,label\n1,10,2\n3,10,4\n5,40,6\n';
const tiny = (extra: object) => buildDataset({ kind: 'csv', file: 'data/table.csv', target: 'label', ...extra } as DataRecipe, miniPack({ 'data/table.csv': TINY }), 1);
const column = (x: Float32Array, features: number, f: number) => Array.from({ length: x.length / features }, (_, row) => x[row * features + f]);
const parseRecipe = (data: object) => parseSettings({ data }, 'experiment', new Validator('model.ts', 'settings')).data!;
const close = (actual: number[], expected: number[]) => actual.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < 1e-6, `${actual} vs ${expected}`));

describe('data recipes: normalize', () => {
  it('minmax maps each column to [0, 1] by its own min and max: a 1,3,5 -> 0,0.5,1; b 10,10,40 -> 0,0,1; the target too', () => {
    const data = tiny({ normalize: 'minmax' });
    close(column(data.x, 2, 0), [0, 0.5, 1]);
    close(column(data.x, 2, 1), [0, 0, 1]);
    close(Array.from(data.y), [0, 0.5, 1]);
  });

  it('{ method, except } leaves the listed columns raw', () => {
    const data = tiny({ normalize: { method: 'minmax', except: ['label', 'b'] } });
    close(column(data.x, 2, 1), [10, 10, 40]);
    close(Array.from(data.y), [2, 4, 6]);
  });

  it("'zscore' is today's zscore: 'all' (population std: a 1,3,5 -> -1.2247, 0, 1.2247)", () => {
    const viaNormalize = tiny({ normalize: 'zscore' });
    assert.deepEqual(viaNormalize.x, tiny({ zscore: 'all' }).x);
    assert.deepEqual(viaNormalize.x, tiny({}).x);
    close(column(viaNormalize.x, 2, 0), [-Math.sqrt(1.5), 0, Math.sqrt(1.5)]);
    assert.deepEqual(tiny({ normalize: 'none' }).x, tiny({ zscore: 'none' }).x);
  });

  it('an except naming a column the data does not have is an error (a typo), for zscore too', () => {
    assert.throws(() => tiny({ normalize: { method: 'minmax', except: ['lable'] } }), (e: DlxError) => e.kind === 'data' && /The normalize\.except column "lable" does not exist in data\/table\.csv\. Its columns are: "a", "b", "label"/.test(e.message));
    assert.throws(() => tiny({ zscore: { except: ['lable'] } }), /normalize\.except column "lable" does not exist/);
  });

  it('refuses normalize together with zscore, and an unknown method', () => {
    assert.throws(() => parseRecipe({ kind: 'csv', file: 'f.csv', target: 't', zscore: 'all', normalize: 'minmax' }), /normalize and zscore say the same thing twice/);
    assert.throws(() => parseRecipe({ kind: 'csv', file: 'f.csv', target: 't', normalize: 'robust' }), /normalize must be one of "zscore", "minmax", "none", got "robust"/);
  });
});

describe('data recipes: squared features', () => {
  it('a feature named a^2 is the square of column a (raw: 1, 9, 25)', () => {
    const data = tiny({ features: ['a', 'a^2'], normalize: 'none' });
    assert.deepEqual(data.features, ['a', 'a^2']);
    assert.deepEqual(column(data.x, 2, 1), [1, 9, 25]);
  });

  it('is squared before scaling, then scaled as its own column: minmax of 1, 9, 25 -> 0, 1/3, 1', () => {
    close(column(tiny({ features: ['a^2', 'b'], normalize: 'minmax' }).x, 2, 0), [0, 1 / 3, 1]);
  });

  it('a square of a column that does not exist is an unknown column', () => {
    assert.throws(() => tiny({ features: ['c^2'] }), (e: DlxError) => e.kind === 'data' && /The feature column "c\^2" does not exist/.test(e.message));
  });
});

describe('data recipes: rings', () => {
  it('{ kind: "rings" } is 200 points per ring, radii 10 and 15, noise 1', () => {
    assert.deepEqual(parseRecipe({ kind: 'rings' }), { kind: 'rings', perClass: 200, radii: [10, 15], noise: 1 });
  });

  it('two balanced classes around their radius, reproducible for a seed', () => {
    const recipe = { kind: 'rings' as const, perClass: 2000, radii: [1, 5] as [number, number], noise: 0.2 };
    const data = makeRings(recipe, 3);
    assert.equal(data.rows, 4000);
    assert.equal(data.x.length, 8000);
    assert.deepEqual(data.classes, ['inner', 'outer']);
    assert.equal(data.y.filter((label) => label === 0).length, 2000);
    const radius = (row: number) => Math.hypot(data.x[row * 2], data.x[row * 2 + 1]);
    const inner = Array.from({ length: 2000 }, (_, i) => radius(i));
    const outer = Array.from({ length: 2000 }, (_, i) => radius(2000 + i));
    // Isotropic noise of 0.2 moves a point's radius by about N(0, 0.2).
    assert.ok(Math.abs(mean(inner) - 1) < 0.05, `inner mean radius ${mean(inner)}`);
    assert.ok(Math.abs(mean(outer) - 5) < 0.05, `outer mean radius ${mean(outer)}`);
    assert.ok(Math.abs(std(outer) - 0.2) < 0.03, `outer radius std ${std(outer)}`);
    // Angles uniform: the mean point of a ring is near the centre.
    assert.ok(Math.abs(mean(column(data.x, 2, 0).slice(2000))) < 0.3);
    assert.deepEqual(makeRings(recipe, 3).x, data.x);
    assert.notDeepEqual(makeRings(recipe, 4).x, data.x);
  });

  it('refuses radii that are not [inner, outer]', () => {
    assert.throws(() => parseRecipe({ kind: 'rings', radii: [1, 2, 3] }), /data\.radii must be \[inner, outer\], got 3 values/);
  });
});

describe('data recipes: line', () => {
  it('{ kind: "line", slope } is 50 rows, noise 0.5 (the course: y = m*x + randn/2)', () => {
    assert.deepEqual(parseRecipe({ kind: 'line', slope: 2 }), { kind: 'line', slope: 2, noise: 0.5, n: 50 });
    const data = makeLine({ kind: 'line', slope: 2, noise: 0.5, n: 50 }, 1);
    assert.equal(data.rows, 50);
    assert.deepEqual(data.features, ['x']);
    assert.equal(data.classes, undefined);
  });

  it('the least-squares slope of many rows is close to `slope`, the residuals have the noise std', () => {
    const data = makeLine({ kind: 'line', slope: -1.5, noise: 0.5, n: 20000 }, 9);
    const mx = mean(data.x);
    const my = mean(data.y);
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < data.rows; i++) {
      sxy += (data.x[i] - mx) * (data.y[i] - my);
      sxx += (data.x[i] - mx) ** 2;
    }
    const fitted = sxy / sxx;
    assert.ok(Math.abs(fitted + 1.5) < 0.02, `fitted slope ${fitted}`);
    const residuals = Array.from(data.y, (y, i) => y - fitted * data.x[i]);
    assert.ok(Math.abs(std(residuals) - 0.5) < 0.02, `residual std ${std(residuals)}`);
    assert.deepEqual(makeLine({ kind: 'line', slope: -1.5, noise: 0.5, n: 20000 }, 9).y, data.y);
  });

  it('needs a slope', () => {
    assert.throws(() => parseRecipe({ kind: 'line' }), /data\.slope must be a number, got nothing/);
  });
});

describe('data recipes: a run on the generated data', () => {
  it('a line of slope 2 trains to r > 0.9 with one linear unit; the rings run as two classes', async () => {
    const line = await runLearner(`import * as tf from '@tensorflow/tfjs';
export const experiment = { data: { kind: 'line', slope: 2 }, loss: 'mse', optimizer: 'sgd', learningRate: 0.1, batchSize: 'full', epochs: 100 };
export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] }); }`);
    assert.equal(line.started.dataset.rows, 50);
    assert.ok(line.result.metrics.train.r! > 0.9, `r ${line.result.metrics.train.r}`);
    const rings = await runLearner(`import * as tf from '@tensorflow/tfjs';
export const experiment = { data: { kind: 'rings' }, loss: 'binaryCrossEntropyWithLogits', optimizer: 'adam', learningRate: 0.01, batchSize: 'full', epochs: 5 };
export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1 })] }); }`);
    assert.equal(rings.started.dataset.rows, 400);
    assert.deepEqual(rings.started.dataset.classes, ['inner', 'outer']);
  });
});
