// `dlx sweep --shard i/n` and `dlx sweep merge`: the merged shards give the unsharded sweep's runs,
// summary, checks, verification and verdict (only times and worker counts may differ).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { miniPack, REPO, tempDir } from './helpers/fixtures';

const EXERCISE = JSON.stringify({
  id: 'ex', title: 'Ex', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'ex.ts',
  defaults: { epochs: 20 }, checks: [{ kind: 'classes', count: 2 }],
  sweep: { vary: { units: [1, 2, 4, 8, 16] }, repeats: 2, outcome: 'trainAccuracy', threshold: 0.7 },
  sweepChecks: [{ kind: 'runsFinished' }, { kind: 'sweepVaries', setting: 'units', minValues: 5 }, { kind: 'modelGrows', setting: 'units' }, { kind: 'sweepRepeats', min: 3, name: 'three repeats' }],
});
const LEARNER = `import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 30, blur: 1 },
  loss: 'binaryCrossEntropy', optimizer: 'sgd', learningRate: 0.05, batchSize: 'full', epochs: 20,
};
export function createModel({ units = 4 }: { units?: number } = {}) {
  return tf.sequential({ layers: [tf.layers.dense({ units, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
}
`;

function dlx(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
}
/** What must not depend on the split: everything but times, worker counts and where it was saved. */
function verdictOf(json: string): Record<string, unknown> {
  const sweep = JSON.parse(json) as Record<string, unknown> & { runs: Record<string, unknown>[] };
  const { wallMs: _w, workers: _k, savedTo: _s, runs, ...rest } = sweep;
  return { ...rest, runs: runs.map(({ wallMs: _rw, trainMs: _rt, ...run }) => run) };
}

describe('sharded sweeps', function () {
  this.timeout(240_000);
  it('every split (n = 1, 2, 3) merges to the unsharded summary, checks and verdict', () => {
    const pack = miniPack({ 'ex/exercise.json': EXERCISE, 'ex/ex.ts': LEARNER });
    const file = path.join(pack, 'ex', 'ex.ts');
    const whole = dlx(pack, ['sweep', 'ex', '--file', file, '--json', '--no-save', '--workers', '1']);
    assert.equal(whole.status, 1, whole.stderr);
    const expected = verdictOf(whole.stdout);
    assert.equal((expected as { passed: boolean }).passed, false, 'the repeats check fails: the verdict must survive the merge');
    assert.equal((expected.checks as { passed: boolean }[]).filter((c) => c.passed).length, 3);
    for (const n of [1, 2, 3]) {
      const dirs = Array.from({ length: n }, (_, k) => {
        const dir = path.join(tempDir(), `shard-${k + 1}`);
        const run = dlx(pack, ['sweep', 'ex', '--file', file, '--shard', `${k + 1}/${n}`, '--out', dir, '--workers', '1']);
        assert.equal(run.status, 0, run.stderr);
        assert.ok(fs.existsSync(path.join(dir, 'sweep-shard.json')));
        return dir;
      });
      const merged = dlx(pack, ['sweep', 'merge', ...dirs, '--json', '--no-save']);
      assert.equal(merged.status, 1, merged.stderr);
      assert.deepEqual(verdictOf(merged.stdout), expected, `split into ${n}`);
    }
  });
});
