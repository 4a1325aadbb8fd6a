// What to try next (src/engine/advice.ts): each rule on a recorded run that shows it (the fixtures
// of test/fixtures/advice/, recorded by its record.ts from the crafted files in cases.ts), and
// silent on a clean run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { adviseRun, type AdviceInput } from '../src/engine/advice';
import { formatResult } from '../src/cli/format';
import type { RunResult } from '../src/engine/results';

const fixture = (name: string): { input: AdviceInput; rules: string[] } => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'advice', `${name}.json`), 'utf8'));
const advice = (name: string) => adviseRun(fixture(name).input);

describe('advice', () => {
  it('NaN or divergence: lower the learning rate, with the epoch it blew up', () => {
    assert.deepEqual(advice('diverged'), [{ rule: 'diverged', text: 'The loss blew up (NaN or infinite) at epoch 4: the steps are too big for this model. Lower the learning rate: try 0.9 instead of 9.' }]);
  });

  it('chance level the whole run: the one-unit ReLU bottleneck, another seed or learning rate, count the sweep\'s runs', () => {
    const [only, ...rest] = advice('chance-level');
    assert.deepEqual(rest, []);
    assert.equal(only.rule, 'chanceLevel');
    assert.match(only.text, /^Accuracy stayed at chance level \(50%\) for the whole run: the model did not learn\. Hidden layer 2 has a single unit: if its ReLU outputs 0 for every point \(a dead ReLU\), nothing before it can learn\. Try another seed or learning rate; in a sweep, count how many of the runs learned\.$/);
  });

  it('a growing train-test gap: overfitting, the regularization lessons; not "more epochs" though the loss still falls', () => {
    const found = advice('overfitting');
    assert.deepEqual(found.map((a) => a.rule), ['overfitting']);
    assert.match(found[0].text, /^The gap between train and test accuracy grew from none in the first quarter of the epochs to 39 points: .*overfitting.*regularization lessons/);
  });

  it('loss still falling at the last epoch: more epochs', () => {
    const found = advice('still-learning');
    assert.deepEqual(found.map((a) => a.rule), ['stillLearning']);
    assert.match(found[0].text, /still falling at the last epoch \(by 2% over epochs 271-300\).*epochs: 600/);
  });

  it('loss and output mismatch: a softmax before crossEntropy (recorded); a sigmoid with mse on classes', () => {
    assert.deepEqual(advice('softmax-crossentropy').map((a) => a.rule), ['lossOutputMismatch']);
    assert.match(advice('softmax-crossentropy')[0].text, /applies a softmax, and 'crossEntropy' applies one again/);
    const clean = fixture('clean').input;
    const sigmoidMse = adviseRun({ ...clean, settings: { ...clean.settings, loss: 'mse' }, task: 'binary', outputActivation: 'sigmoid' });
    assert.match(sigmoidMse.map((a) => a.text).join(' '), /A sigmoid output trained with 'mse' on classes/);
    assert.deepEqual(adviseRun({ ...clean, settings: { ...clean.settings, loss: 'mse' }, task: 'regression', outputActivation: 'sigmoid' }), [], 'a regression may squash its output');
  });

  it('a clean run (many-qwerties\' solution, seed 1): no advice', () => {
    assert.deepEqual(advice('clean'), []);
  });

  it('the recorded runs gave the advice the rules give now (the fixtures are current)', () => {
    for (const name of ['diverged', 'chance-level', 'overfitting', 'still-learning', 'softmax-crossentropy', 'clean']) {
      assert.deepEqual(advice(name).map((a) => a.rule), fixture(name).rules, name);
    }
  });

  it('a run of 300,000 epochs (the limit is a million): the same advice, without overflowing the stack', () => {
    // Each recorded epoch repeated 3,000 times, numbered on: the same curves, stretched.
    const stretched = (name: string): AdviceInput => {
      const { input } = fixture(name);
      const epochs = input.epochs.flatMap((epoch) => Array.from({ length: 3000 }, () => epoch)).map((epoch, i) => ({ ...epoch, epoch: i + 1 }));
      return { ...input, epochs, settings: { ...input.settings, epochs: epochs.length }, result: { ...input.result, epochs: epochs.length } };
    };
    assert.deepEqual(adviseRun(stretched('chance-level')).map((a) => a.rule), ['chanceLevel']);
    assert.deepEqual(adviseRun(stretched('overfitting')).map((a) => a.rule), ['overfitting']);
  });

  it('the CLI prints advice as "try next" lines', () => {
    const result = { exercise: 'x', status: 'completed', epochs: 1, wallMs: 1, backend: 'fused', backendReason: 'r', sandbox: { on: true, reason: 'r', memoryWatch: { on: true, reason: 'r' } }, metrics: { train: { loss: 1 } }, timings: { firstEpochMs: 1, msPerStep: 1, steps: 1 }, peakRssMb: 1, diagnosis: [], checks: [], verification: { state: 'verified', reason: '' }, advice: advice('diverged') } as unknown as RunResult;
    assert.match(formatResult(result), /\n  try next: The loss blew up \(NaN or infinite\) at epoch 4/);
  });
});
