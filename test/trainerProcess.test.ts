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

  it('a wall-clock limit stops an endless run with a timeout error', async () => {
    const error = failed(await run(QWERTY_LEARNER.replace('export function createModel() {', 'export function createModel() { while (true) {}'), { memoryMb: 512, timeoutSeconds: 1 }).outcome);
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /time limit of 1 s/);
  });

  it('process.exit in learner code is reported, not fatal to the caller', async () => {
    const error = failed(await run(QWERTY_LEARNER.replace('export function createModel() {', 'export function createModel() { process.exit(3);')).outcome);
    assert.equal(error.kind, 'crash');
    assert.match(error.message, /exited with code 3 .*process\.exit\(\)/);
  });

  it('a memory bomb hits the memory cap and is explained', async () => {
    const bomb = QWERTY_LEARNER.replace('export function createModel() {', 'export function createModel() { const hoard: number[][] = []; for (;;) hoard.push(new Array(1e6).fill(1));');
    const error = failed(await run(bomb, { memoryMb: 128, timeoutSeconds: 60 }).outcome);
    assert.equal(error.kind, 'crash');
    assert.match(error.message, /ran out of memory \(limit 128 MB\)/);
  });

  it('a missing trainer bundle is a clear environment error', async () => {
    const handle = startTrainer({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: 'x.ts', backend: 'auto' }, { memoryMb: 256, timeoutSeconds: 5 }, () => undefined, '/nonexistent/trainer.js');
    const error = failed(await handle.outcome);
    assert.equal(error.kind, 'environment');
    assert.match(error.message, /trainer bundle .* is missing/);
  });
});
