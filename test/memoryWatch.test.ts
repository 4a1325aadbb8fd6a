// The whole-process memory cap: the watcher on its own, and a bomb in one pool worker of a sweep
// (single runs are in test/robustness/catalogue.test.ts).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { loadExercise } from '../src/engine/pack';
import { memoryWatchSupport, residentMb, watchMemory, type RssSource } from '../src/host/memoryWatch';
import { startSweep } from '../src/host/sweep';
import { exerciseDir, learnerFile, REPO } from './helpers/fixtures';

const sources: RssSource[] = process.platform === 'linux' ? ['proc', 'ps'] : process.platform === 'win32' ? [] : ['ps'];
/** A plain Node child that fills 16 MB arrays, every page touched, until it is killed. */
const grower = () => spawn(process.execPath, ['-e', 'const h = []; setInterval(() => h.push(new Uint8Array(16 * 2 ** 20).fill(1)), 20);'], { stdio: 'ignore' });

describe('memory watch', () => {
  it('is on where resident memory can be read cheaply, and says why it is off on Windows', () => {
    assert.deepEqual(memoryWatchSupport('linux'), { on: true, source: 'proc', reason: 'resident memory read from /proc every 100 ms' });
    assert.equal(memoryWatchSupport('darwin').source, 'ps');
    assert.deepEqual(memoryWatchSupport('win32'), { on: false, reason: "Windows has no cheap way to read another process's memory without a native helper" });
  });

  for (const source of sources) {
    it(`${source}: reads the resident memory of a process, and nothing for one that is gone`, async () => {
      const rss = process.memoryUsage.rss() / 2 ** 20;
      const read = (await residentMb(process.pid, source))!;
      assert.ok(Math.abs(read - rss) < rss * 0.25, `read ${read} MB, rss ${rss} MB`);
      assert.equal(await residentMb(2 ** 22 + 12345, source), undefined);
    });

    it(`${source}: calls back once, soon after a process passes the limit, and not after stop`, async () => {
      const child = grower();
      const early = watchMemory(child.pid!, 150, () => assert.fail('stopped watches stay silent'), source);
      early();
      const started = Date.now();
      try {
        const calls: number[] = [];
        await new Promise<void>((resolve) => watchMemory(child.pid!, 150, (rss) => resolve(void calls.push(rss)), source));
        assert.ok(Date.now() - started < 5000);
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.equal(calls.length, 1);
        assert.ok(calls[0] > 150 && calls[0] < 400, `${calls[0]} MB`);
      } finally {
        child.kill('SIGKILL');
      }
    });
  }
});

describe('memory watch in a sweep', () => {
  it('a memory bomb in one pool worker fails that run with out of memory; the sweep goes on', async () => {
    const file = learnerFile(`
import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy', optimizer: 'sgd', learningRate: 0.05, batchSize: 'full', epochs: 20,
};
export function createModel({ units = 4 }: { units?: number } = {}) {
  const hoard: ArrayBuffer[] = [];
  if (units === 2) for (;;) hoard.push(new Uint8Array(64 * 2 ** 20).fill(1).buffer);
  return tf.sequential({ layers: [tf.layers.dense({ units, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
}
`);
    const sweep = await startSweep({
      exercise: loadExercise(exerciseDir('seq-to-class')), learnerFile: file, spec: { vary: { units: [1, 2, 3, 4] }, repeats: 1, outcome: 'trainAccuracy' }, baseSeed: 1,
      backend: 'auto', workers: 2, trainerPath: path.join(REPO, 'dist', 'trainer.js'), limits: { memoryMb: 300, timeoutSeconds: 30 },
    }).result;
    assert.deepEqual(sweep.runs.map((run) => run.status), ['completed', 'failed', 'completed', 'completed']);
    assert.match(sweep.runs[1].error!.message, /ran out of memory \(limit 300 MB\)/);
  });
});
