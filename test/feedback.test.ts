// A metric check's expected/actual and its closest epoch (src/engine/feedback.ts), hand-computed.
import * as assert from 'node:assert/strict';
import type { CheckSpec } from '../src/engine/checks';
import { formatChecks } from '../src/cli/format';
import { failureFeedback, metricGap } from '../src/engine/feedback';
import { resultsInStepOrder } from '../src/engine/hints';
import type { EpochMetrics } from '../src/engine/results';

const epochs = [0.5, 0.82, 0.87, 0.84].map((accuracy, i) => ({ epoch: i + 1, train: { loss: 1 - accuracy, accuracy } })) as EpochMetrics[];
const accuracyAtLeast = { kind: 'metric', split: 'train', metric: 'accuracy', min: 0.9, step: 4 } as CheckSpec & { step: number };

describe('metric feedback', () => {
  it('a missed minimum: expected and actual, and the epoch with the highest value', () => {
    assert.deepEqual(metricGap(accuracyAtLeast, { train: { loss: 0.16, accuracy: 0.84 } }, epochs), { expected: 'train accuracy >= 90.0%', actual: 'train accuracy 84.0%', closest: { epoch: 3, value: '87.0%' } });
  });

  it('a missed maximum: the epoch with the lowest value', () => {
    const lossAtMost = { kind: 'metric', split: 'train', metric: 'loss', max: 0.1 } as CheckSpec;
    assert.deepEqual(metricGap(lossAtMost, { train: { loss: 0.16 } }, epochs), { expected: 'train loss <= 0.100', actual: 'train loss 0.160', closest: { epoch: 3, value: '0.130' } });
  });

  it('nothing for other checks, per-class metrics or a missing split', () => {
    assert.equal(metricGap({ kind: 'classes', count: 3 }, { train: { loss: 1 } }, epochs), undefined);
    assert.equal(metricGap({ ...accuracyAtLeast, class: 'setosa' } as CheckSpec, { train: { loss: 1, accuracy: 0.5 } }, epochs), undefined);
    assert.equal(metricGap({ ...accuracyAtLeast, split: 'test' } as CheckSpec, { train: { loss: 1, accuracy: 0.5 } }, epochs), undefined);
  });

  it('the failure message names the step and the closest epoch', () => {
    assert.deepEqual(failureFeedback(accuracyAtLeast, 'train accuracy is 84.0%; it needs to reach 90.0%.', { train: { loss: 0.16, accuracy: 0.84 } }, epochs), {
      message: 'Step 4: train accuracy is 84.0%; it needs to reach 90.0%. Closest at epoch 3: 87.0%.', expected: 'train accuracy >= 90.0%', actual: 'train accuracy 84.0%',
    });
    assert.deepEqual(failureFeedback({ kind: 'classes', count: 3 }, 'The data has 2 classes.', undefined, []), { message: 'The data has 2 classes.' });
  });
});

describe('checks in instruction order (CLI)', () => {
  it('ordered by step with the step named, then the first failure', () => {
    const exercise = { checks: [{ kind: 'loss', oneOf: ['mse'], step: 3 }, { kind: 'classes', count: 3, step: 1 }, { kind: 'outputUnits', count: 3 }], sweepChecks: [] } as never;
    const results = [{ name: 'loss', passed: false, message: 'The loss is x.' }, { name: 'classes', passed: true, message: '3 classes.' }, { name: 'units', passed: false, message: '1 unit.' }];
    assert.deepEqual(formatChecks(resultsInStepOrder(exercise, results)), [
      '  PASS classes: 3 classes. (Step 1)',
      '  FAIL loss: The loss is x. (Step 3)',
      '  FAIL units: 1 unit.',
      'First failure: loss, Step 3 of the instructions.',
    ]);
  });
});
