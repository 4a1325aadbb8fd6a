// Sweeps (and `dlx run --set`) over fields of the data recipe: `data.slope` overrides experiment.data.slope.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DlxError } from '../src/engine/errors';
import { resolveSettings } from '../src/engine/experiment';
import type { ExperimentSettings } from '../src/engine/settings';
import { expandSweep, parseSweepSpec } from '../src/engine/sweep';
import { Validator } from '../src/engine/validate';
import { learnerFile, miniPack, REPO, tempDir } from './helpers/fixtures';

const v = new Validator('model.ts', 'settings');
const settingsError = (pattern: RegExp) => (e: unknown) => e instanceof DlxError && e.kind === 'settings' && pattern.test(e.message);
const LINE: Partial<ExperimentSettings> = { data: { kind: 'line', slope: 1, noise: 0.5, n: 50 }, loss: 'mse', learningRate: 0.1, epochs: 10 };

const LINE_LEARNER = (sweep: string) => `
import * as tf from '@tensorflow/tfjs';
export const experiment = { data: { kind: 'line', slope: 1 }, loss: 'mse', optimizer: 'sgd', learningRate: 0.1, batchSize: 'full', epochs: 100 };
export const sweep = ${sweep};
export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] }); }
`;
const dlx = (args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), ...args], { encoding: 'utf8', timeout: 120_000, cwd: tempDir() });

describe('sweeps over the data recipe', () => {
  it('an axis data.<field> goes to the run\'s dataFields, without the prefix', () => {
    const spec = parseSweepSpec({ vary: { 'data.slope': [0, 3] } }, 'sweep', v);
    const plan = expandSweep({ vary: spec.vary!, repeats: 1, outcome: 'trainR' }, { baseSeed: 1 });
    assert.deepEqual(plan.axes.map((a) => [a.name, a.target]), [['data.slope', 'data']]);
    assert.deepEqual(plan.runs.map((r) => [r.dataFields, r.overrides, r.modelParams]), [[{ slope: 0 }, {}, {}], [{ slope: 3 }, {}, {}]]);
  });

  it('refuses a field no recipe has when the sweep is read, and the whole recipe', () => {
    assert.throws(() => parseSweepSpec({ vary: { 'data.slop': [1] } }, 'sweep', v), settingsError(/sweep\.vary\.data\.slop names "slop", which no data recipe has; the recipes' fields are: centers, .*slope/));
    assert.throws(() => parseSweepSpec({ vary: { data: [1] } }, 'sweep', v), settingsError(/vary one of its fields, e\.g\. data\.slope/));
  });

  it('the run\'s recipe takes the field, validated; a field the recipe\'s kind lacks is an error, never ignored', () => {
    const { settings } = resolveSettings(LINE, {}, [], { dataFields: { slope: 3 } });
    assert.deepEqual(settings.data, { kind: 'line', slope: 3, noise: 0.5, n: 50 });
    const clusters: Partial<ExperimentSettings> = { ...LINE, data: { kind: 'clusters', centers: [[0, 0], [1, 1]], perCluster: 5, blur: 1 } };
    assert.throws(() => resolveSettings(clusters, {}, [], { dataFields: { slope: 3 } }),
      settingsError(/The sweep varies data\.slope, but the experiment's data recipe \(kind 'clusters'\) has no field "slope"; its fields are: centers, perCluster, blur/));
    assert.throws(() => resolveSettings(LINE, {}, [], { dataFields: { noise: -1 } }), settingsError(/data\.noise must be at least 0, got -1/));
  });

  it('dlx sweep over data.slope: r rises from about 0 (slope 0) to about 1 (slope 3); dlx run --set data.slope replays one', () => {
    const file = learnerFile(LINE_LEARNER("{ vary: { 'data.slope': [0, 3] }, outcome: 'trainR' }"));
    const exercise = path.join(miniPack(), 'ex');
    const sweep = dlx(['sweep', exercise, '--file', file, '--json', '--workers', '1', '--no-save']);
    const out = JSON.parse(sweep.stdout.trim());
    assert.equal(out.status, 'completed', sweep.stderr);
    const [flat, steep] = out.runs.map((r: { outcome: number }) => r.outcome);
    assert.ok(Math.abs(flat) < 0.4 && steep > 0.95, `r ${flat}, ${steep}`);
    const run = dlx(['run', exercise, '--file', file, '--json', '--set', 'data.slope=3']);
    const replay = JSON.parse(run.stdout.trim());
    assert.equal(replay.metrics.train.r, steep, 'the same run as the sweep\'s, seed 1');
    assert.equal(replay.verification.state, 'verified', 'the verifier regenerates the data with the replayed field');
  });
});
