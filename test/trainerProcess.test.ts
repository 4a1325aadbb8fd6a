import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TrainerPool } from '../src/host/trainerPool';
import { startTrainer, type TrainerLimits, type TrainerOutcome } from '../src/host/trainerProcess';
import type { RunRequest, TrainerToHost } from '../src/trainer/protocol';
import { exerciseDir, learnerFile, QWERTY_LEARNER, REPO, tempDir } from './helpers/fixtures';

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

  it('a cancelled run reports what it trained: a result with status stopped, and the process is gone', async () => {
    let epochs = 0;
    const handle = run(QWERTY_LEARNER.replace('epochs: 30', 'epochs: 200000'), undefined, (m) => {
      if (m.type === 'progress') epochs = m.epochs[m.epochs.length - 1].epoch;
    });
    while (epochs === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    handle.cancel();
    const outcome = await handle.outcome;
    assert.equal(outcome.type, 'finished', JSON.stringify(outcome));
    const result = (outcome as { result: { status: string; epochs: number } }).result;
    assert.equal(result.status, 'stopped');
    assert.ok(result.epochs >= epochs && result.epochs < 200000);
    assert.equal(alive(handle.pid), false);
  });

  it('the end of a run reaches the caller once, as the outcome: updates never carry it', async () => {
    const updates: string[] = [];
    const outcome = await run(QWERTY_LEARNER, undefined, (m) => updates.push(m.type)).outcome;
    assert.equal(outcome.type, 'finished');
    assert.ok(updates.includes('started') && updates.includes('progress'), updates.join());
    assert.ok(!updates.includes('finished') && !updates.includes('failed'), updates.join());
  });
});

describe('one trainer lifecycle for a single run and a pool worker', () => {
  type Explained = ReturnType<typeof failed>;
  const request = (file: string): RunRequest => ({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: file, backend: 'auto' });
  /** The same run in a process of its own and on a pool worker: both errors, and what the pool's updates carried. */
  async function bothWays(file: string, limits: TrainerLimits, trainerPath = TRAINER): Promise<{ single: Explained; pooled: Explained; pids: number[] }> {
    const single = startTrainer(request(file), limits, () => undefined, trainerPath);
    const pool = new TrainerPool({ workers: 1, limits, trainerPath });
    const pids: number[] = [];
    const pooledOutcome = pool.run(request(file), () => undefined, () => pids.push(...pool.pids));
    const [a, b] = await Promise.all([single.outcome, pooledOutcome]);
    await pool.close();
    return { single: failed(a), pooled: failed(b), pids: [single.pid!, ...pids] };
  }
  const crashing = (body: string) => learnerFile(QWERTY_LEARNER.replace('export function createModel() {', `export function createModel() { ${body}`));

  it('explains a crash, running out of memory and a time-out in the same words', async function () {
    this.timeout(30_000);
    const exit = await bothWays(crashing('process.exit(5);'), { memoryMb: 256, timeoutSeconds: 30 });
    assert.match(exit.single.message, /exited with code 5 .*process\.exit\(\)/);
    assert.deepEqual(exit.pooled, exit.single);
    const memory = await bothWays(crashing('const hoard: number[][] = []; for (;;) hoard.push(new Array(1e6).fill(1));'), { memoryMb: 128, timeoutSeconds: 60 });
    assert.match(memory.single.message, /ran out of memory \(limit 128 MB\)/);
    assert.deepEqual(memory.pooled, memory.single);
    const time = await bothWays(crashing('while (true) {}'), { memoryMb: 256, timeoutSeconds: 1 });
    assert.equal(time.single.kind, 'timeout');
    assert.deepEqual(time.pooled, time.single);
    for (const pid of [...exit.pids, ...memory.pids, ...time.pids]) assert.equal(alive(pid), false);
  });

  it('a trainer that breaks the protocol fails its run with an internal error and is ended', async () => {
    const dir = tempDir({ 'broken-trainer.js': "process.on('message', () => process.send({ type: 'progress', epochs: 'many' }));\nsetInterval(() => undefined, 1000);\n" });
    const { single, pooled, pids } = await bothWays('unused.ts', { memoryMb: 128, timeoutSeconds: 30 }, path.join(dir, 'broken-trainer.js'));
    assert.equal(single.kind, 'internal');
    assert.match(single.message, /^The trainer sent a message that is not part of the protocol: \{"type":"progress","epochs":"many"\}/);
    assert.deepEqual(pooled, single);
    for (const pid of pids) assert.equal(alive(pid), false);
  });

  it('a missing trainer bundle: the same environment error', async () => {
    const { single, pooled } = await bothWays('unused.ts', { memoryMb: 128, timeoutSeconds: 5 }, path.join(REPO, 'dist', 'nope.js'));
    assert.equal(single.kind, 'environment');
    assert.deepEqual(pooled, single);
  });
});

