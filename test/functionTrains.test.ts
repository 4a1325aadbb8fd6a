// The `trains` check's training in the trainer child, in process: the learner's update rule and
// tfjs's optimizer train the same network from the same start (engine/init.ts), batch by batch.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { TrainingCall } from '../src/engine/functions';
import { compileLearnerFile, evaluateLearnerExports } from '../src/engine/learner';
import { activateBackend } from '../src/engine/backends';
import { trainCurve, TrainingStopped, type UpdateRule } from '../src/trainer/trainsCall';
import { REPO } from './helpers/fixtures';

const SGD_SOLUTION = path.join(REPO, 'exercises', 'dudl-gradient-descent', 'sgd-by-hand', 'solution.ts');

describe('trains: the learner\'s rule against tfjs\'s optimizer', () => {
  before(() => activateBackend('cpu'));

  it('the learner\'s SGD rule and tf.train.sgd give the same loss curve to 1e-6 on a 1-2-1 regression', async () => {
    const compiled = await compileLearnerFile(SGD_SOLUTION);
    const sgdStep = (evaluateLearnerExports(compiled, { log: () => {} }) as Record<string, unknown>).sgdStep as UpdateRule;
    const call: TrainingCall = { model: { data: { kind: 'line', slope: 2, noise: 0.5, n: 16 }, hidden: [2], activation: 'relu', epochs: 5, batchSize: 4, seed: 3 }, hyper: { learningRate: 0.05 } };
    const mine = trainCurve(call, REPO, compiled, { fn: sgdStep, name: 'sgdStep' });
    const tfjs = trainCurve({ ...call, optimizer: 'sgd' }, REPO, compiled);
    assert.equal(mine.length, 6, 'epoch 0 and one loss per epoch');
    assert.equal(mine[0], tfjs[0], 'both start from the same weights');
    mine.forEach((loss, epoch) => assert.ok(Math.abs(loss - tfjs[epoch]) <= 1e-6 * tfjs[epoch], `epoch ${epoch}: ${loss} vs ${tfjs[epoch]}`));
    assert.ok(tfjs[5] < tfjs[0] / 2, `the loss falls: ${tfjs.join(', ')}`);
    assert.deepEqual(trainCurve({ ...call, optimizer: 'sgd' }, REPO, compiled), tfjs, 'seeded: the same curve again');
  });

  it('hands the rule the flat weights, their gradients, its own state and the check\'s hyper-parameters', async () => {
    const compiled = await compileLearnerFile(SGD_SOLUTION);
    const seen: { params: number; grads: number; state: unknown; hyper: unknown }[] = [];
    const rule: UpdateRule = (params, grads, state, hyper) => {
      seen.push({ params: params.length, grads: grads.length, state, hyper });
      return [params, { calls: seen.length }];
    };
    // 2-3-3 on qwerties: 2*3 + 3 + 3*3 + 3 = 21 weights; 12 rows in batches of 5: 3 steps per epoch.
    const losses = trainCurve({ model: { data: { kind: 'clusters', centers: [[0, 0], [3, 3], [0, 3]], perCluster: 4, blur: 0.5 }, hidden: [3], activation: 'tanh', epochs: 2, batchSize: 5, seed: 1 }, hyper: { learningRate: 0.1 } }, REPO, compiled, { fn: rule, name: 'rule' });
    assert.equal(seen.length, 6);
    assert.deepEqual(seen[0], { params: 21, grads: 21, state: {}, hyper: { learningRate: 0.1 } });
    assert.deepEqual(seen[1].state, { calls: 1 }, 'the state it returned comes back at the next step');
    assert.deepEqual(losses, [losses[0], losses[0], losses[0]], 'a rule that keeps the weights keeps the loss');
  });

  it('a rule that returns NaN stops the training there, with the losses of the epochs before it', async () => {
    const compiled = await compileLearnerFile(SGD_SOLUTION);
    let calls = 0;
    // 16 rows in batches of 8: two steps per epoch, so the fifth call is epoch 3's first step.
    const rule: UpdateRule = (params, _grads, state) => [++calls === 5 ? params.map(() => NaN) : params, state];
    const call: TrainingCall = { model: { data: { kind: 'line', slope: 2, noise: 0.5, n: 16 }, hidden: [2], activation: 'relu', epochs: 4, batchSize: 8, seed: 1 }, hyper: { learningRate: 0.1 } };
    assert.throws(() => trainCurve(call, REPO, compiled, { fn: rule, name: 'rule' }), (error: unknown) => {
      assert.ok(error instanceof TrainingStopped);
      assert.equal(error.losses.length, 3, 'epochs 0, 1 and 2');
      assert.match(error.message, /^rule\(params, grads, state, hyper\) at epoch 3, step 1 of 2 returned NaN at params\[0\]/);
      return true;
    });
  });
});
