// The guards of the host <-> trainer channel: every message of the protocol passes, malformed ones
// do not, and either end turns a malformed message into an internal error instead of crashing.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { isHostToTrainer, isTrainerToHost, onTrainerMessage } from '../src/trainer/ipc';
import type { RunError } from '../src/engine/results';
import type { HostToTrainer, TrainerToHost } from '../src/trainer/protocol';
import { REPO } from './helpers/fixtures';

const request = { exerciseDir: '/pack/ex', learnerFile: '/work/ex.ts', backend: 'auto' as const };
const epoch = { epoch: 1, train: { loss: 0.5, accuracy: 0.5 } };
const artifacts = { modelTopology: null, weightSpecs: [{ name: 'w', shape: [1], dtype: 'float32' as const }], weightData: 'AACAPw==' };

// One of each tag: a tag added to the protocol must be added here too, or this does not compile.
const HOST_TO_TRAINER: Record<HostToTrainer['type'], HostToTrainer> = {
  run: { type: 'run', request: { ...request, seed: 3, epochs: 10, overrides: { learningRate: 0.1 }, modelParams: { units: 4 }, startFrom: { artifacts, epoch: 5, resume: true } } },
  cancel: { type: 'cancel' },
  probe: { type: 'probe' },
  call: { type: 'call', request: { exerciseDir: '/pack/ex', learnerFile: '/work/f.ts', calls: [{ id: 'check0.0', export: 'df', args: [0.5] }, { id: 'check1', export: 'answer' }] } },
};
const TRAINER_TO_HOST: Record<TrainerToHost['type'], TrainerToHost> = {
  started: { type: 'started', run: { exercise: 'ex', settings: { epochs: 10 }, model: { parameters: 5 }, warnings: [] } as never },
  progress: { type: 'progress', epochs: [epoch, { ...epoch, epoch: 2, test: { loss: 0.6 } }] },
  log: { type: 'log', text: 'hello' },
  checkpoint: { type: 'checkpoint', checkpoint: { kind: 'last', epoch: 5, artifacts } },
  finished: { type: 'finished', result: { exercise: 'ex', status: 'completed', metrics: { train: { loss: 0.1 } }, checks: [], passed: true } as never, trained: { style: 'layers', layers: [] } },
  failed: { type: 'failed', error: { kind: 'runtime', message: 'oops' } },
  probed: { type: 'probed', probe: { node: 'v20.20.2', backends: [], sandbox: { on: false, reason: 'off' } } as never },
  calling: { type: 'calling', id: 'check0.0' },
  called: { type: 'called', report: { exports: { df: 'function' }, sandbox: { on: false, reason: 'off', memoryWatch: { on: false, reason: 'off' } }, results: { 'check0.0': { value: 1 }, check1: { error: { kind: 'runtime', message: 'oops' } } } } },
};

describe('trainer IPC', () => {
  it('accepts every message of the protocol', () => {
    for (const message of Object.values(HOST_TO_TRAINER)) assert.ok(isHostToTrainer(message), message.type);
    for (const message of Object.values(TRAINER_TO_HOST)) assert.ok(isTrainerToHost(message), message.type);
    assert.ok(isHostToTrainer({ type: 'run', request }), 'seed, epochs, overrides and model parameters are optional');
  });

  it('refuses malformed messages to the trainer', () => {
    const refused: unknown[] = [
      null, undefined, 'run', 42, [], {}, { type: 7 }, { type: 'finished' }, { type: 'constructor' }, { type: 'run' }, { type: 'run', request: 'x' },
      { type: 'run', request: { ...request, exerciseDir: 1 } }, { type: 'run', request: { ...request, learnerFile: undefined } },
      { type: 'run', request: { ...request, backend: undefined } }, { type: 'run', request: { ...request, seed: '3' } },
      { type: 'run', request: { ...request, overrides: [] } }, { type: 'run', request: { ...request, modelParams: 'units=4' } },
      { type: 'run', request: { ...request, startFrom: { artifacts, epoch: 5 } } }, { type: 'run', request: { ...request, startFrom: { artifacts: { ...artifacts, weightData: [1] }, epoch: 5, resume: false } } },
    ];
    for (const message of refused) assert.equal(isHostToTrainer(message), false, JSON.stringify(message));
  });

  it('refuses malformed messages to the host', () => {
    const refused: unknown[] = [
      null, 'progress', {}, { type: 'cancel' }, { type: 'toString' }, { type: 'started' }, { type: 'started', run: { exercise: 'ex', settings: {}, model: {}, warnings: [] } },
      { type: 'progress', epochs: [] }, { type: 'progress', epochs: {} }, { type: 'progress', epochs: [{ epoch: '1', train: {} }] }, { type: 'progress', epochs: [{ epoch: 1 }] },
      { type: 'log' }, { type: 'log', text: 3 }, { type: 'finished' }, { type: 'finished', result: { exercise: 'ex', status: 'completed', metrics: {}, checks: [] } },
      { type: 'failed' }, { type: 'failed', error: 'oops' }, { type: 'failed', error: { kind: 'runtime' } },
      { type: 'probed' }, { type: 'probed', probe: { node: 20, backends: [], sandbox: {} } },
      { type: 'checkpoint', checkpoint: { kind: 'first', epoch: 5, artifacts } }, { type: 'checkpoint', checkpoint: { kind: 'best', epoch: 5, artifacts: { weightSpecs: [] } } },
    ];
    for (const message of refused) assert.equal(isTrainerToHost(message), false, JSON.stringify(message));
  });

  it('on the host, hands on protocol messages and reports a malformed one as an internal error', () => {
    const child = new EventEmitter() as unknown as ChildProcess;
    const received: TrainerToHost[] = [];
    const problems: RunError[] = [];
    onTrainerMessage(child, (m) => received.push(m), (e) => problems.push(e));
    child.emit('message', TRAINER_TO_HOST.log);
    child.emit('message', { type: 'progress', epochs: 'all of them' });
    assert.deepEqual(received, [TRAINER_TO_HOST.log]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].kind, 'internal');
    assert.match(problems[0].message, /^The trainer sent a message that is not part of the protocol: \{"type":"progress","epochs":"all of them"\}\. This is a bug in DL Exercises, not in your code\.$/);
  });

  it('in the trainer, answers a malformed message with an internal error instead of crashing', async () => {
    const child = fork(path.join(REPO, 'dist', 'trainer.js'), [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    try {
      const answer = new Promise<unknown>((resolve) => child.once('message', resolve));
      child.send({ type: 'run', request: { exerciseDir: 42 } });
      const message = await answer;
      assert.ok(isTrainerToHost(message) && message.type === 'failed', JSON.stringify(message));
      assert.equal(message.error.kind, 'internal');
      assert.match(message.error.message, /^The host sent a message that is not part of the protocol: \{"type":"run","request":\{"exerciseDir":42\}\}/);
      assert.equal(child.exitCode, null, 'still running: the host decides what happens next');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
