// bench/export-recipe.ts hands PyTorch the run dlx trains: the same start, the same rows, the sweep's plan.
import * as assert from 'node:assert/strict';
import { exportRecipe } from '../bench/export-recipe';
import { exerciseDir } from './helpers/fixtures';

describe('bench recipe export', () => {
  it('writes many-qwerties as two dense layers, kernels transposed to PyTorch\'s [out, in], and all 300 rows', async () => {
    const { exercise, runs } = await exportRecipe(exerciseDir('many-qwerties'));
    assert.equal(exercise, 'many-qwerties');
    assert.equal(runs.length, 1);
    const [run] = runs;
    assert.deepEqual(run.layers.map((l) => (l.kind === 'dense' ? [l.units, l.activation, l.kernel.length, l.kernel[0].length] : l.kind)), [[4, 'relu', 4, 2], [3, 'linear', 3, 4]]);
    assert.equal(run.data.train!.x.length, 300);
    assert.equal(run.data.test, null);
    assert.equal(run.batchSize, 300, 'full batch');
    assert.deepEqual(run.optimizer, { name: 'sgd', learningRate: 0.01 });
  });

  it('writes every run of a sweep, each with its own model size', async () => {
    const { runs } = await exportRecipe(exerciseDir('hidden-units'), { sweep: true });
    const widths = new Set(runs.map((run) => run.layers[0].kind === 'dense' ? run.layers[0].units : 0));
    assert.ok(runs.length > 10, `${runs.length} runs`);
    assert.ok(widths.size > 5, `hidden widths ${[...widths].join(', ')}`);
  });
});
