import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { startTrainer, type TrainerOutcome } from '../src/host/trainerProcess';
import type { TrainerToHost } from '../src/trainer/protocol';
import { exerciseDir, learnerFile, QWERTY_LEARNER, REPO } from './helpers/fixtures';

const TRAINER = path.join(REPO, 'dist', 'trainer.js');
const alive = (pid: number | undefined) => {
  try {
    process.kill(pid!, 0);
    return true;
  } catch {
    return false;
  }
};

function run(content: string, limits = { memoryMb: 512, timeoutSeconds: 30 }, onMessage: (m: TrainerToHost) => void = () => undefined) {
  return startTrainer({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: learnerFile(content), backend: 'auto' }, limits, onMessage, TRAINER);
}

const failed = (outcome: TrainerOutcome) => {
  assert.equal(outcome.type, 'failed', JSON.stringify(outcome));
  return (outcome as { error: { kind: string; message: string } }).error;
};

describe('trainer child process', () => {
  it('runs a learner file in a child and ends it', async () => {
    const handle = run(QWERTY_LEARNER);
    const outcome = await handle.outcome;
    assert.equal(outcome.type, 'finished');
    assert.equal(alive(handle.pid), false);
  });

  // Crashes, limits and other bad inputs are in test/robustness/catalogue.test.ts.
  it('an infinite loop is killed within a second of cancel, and no process is left', async () => {
    const handle = run(QWERTY_LEARNER.replace('export function createModel() {', 'export function createModel() { while (true) {}'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const started = Date.now();
    handle.cancel();
    const error = failed(await handle.outcome);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.match(error.message, /stopped/);
    assert.equal(alive(handle.pid), false);
  });

});
