import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installLearnerTypes } from '../src/host/learnerTypes';
import { PACK, REPO, tempDir } from './helpers/fixtures';

const TYPES = path.join(REPO, 'dist', 'types');
const tsc = (dir: string) => spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8', timeout: 120_000 });

describe('learner types in the workspace', () => {
  it('starters and reference solutions type-check in a plain folder, with completion-grade types for tf', function () {
    this.timeout(180_000);
    const dir = tempDir();
    for (const id of ['many-qwerties', 'seq-to-class', 'predict-sugar']) {
      for (const file of ['starter', 'solution']) fs.copyFileSync(path.join(PACK, id, `${file}.ts`), path.join(dir, `${id}-${file}.ts`));
    }
    assert.deepEqual(installLearnerTypes(dir, TYPES, '1'), { tsconfigWritten: true });
    const clean = tsc(dir);
    assert.equal(clean.status, 0, clean.stdout);
    // The types are real: a misuse is an error at the learner's line.
    fs.writeFileSync(path.join(dir, 'broken.ts'), "import * as tf from '@tensorflow/tfjs';\nexport const layer = tf.layers.dense({ unitz: 3 });\n");
    const broken = tsc(dir);
    assert.equal(broken.status, 2);
    assert.match(broken.stdout, /broken\.ts\(2,\d+\): error TS2561: .*'unitz' does not exist in type 'DenseLayerArgs'\. Did you mean to write 'units'\?/);
  });

  it('never touches a config of the learner, and refreshes the declarations only for a new version', () => {
    const dir = tempDir({ 'jsconfig.json': '{"mine": true}' });
    assert.deepEqual(installLearnerTypes(dir, TYPES, '1'), { tsconfigWritten: false });
    assert.equal(fs.readFileSync(path.join(dir, 'jsconfig.json'), 'utf8'), '{"mine": true}');
    const stamp = path.join(dir, '.dlx', 'types', 'VERSION');
    fs.writeFileSync(path.join(dir, '.dlx', 'types', 'tfjs.d.ts'), 'changed');
    installLearnerTypes(dir, TYPES, '1');
    assert.equal(fs.readFileSync(path.join(dir, '.dlx', 'types', 'tfjs.d.ts'), 'utf8'), 'changed', 'same version: left alone');
    installLearnerTypes(dir, TYPES, '2');
    assert.notEqual(fs.readFileSync(path.join(dir, '.dlx', 'types', 'tfjs.d.ts'), 'utf8'), 'changed');
    assert.equal(fs.readFileSync(stamp, 'utf8').trim(), '2');
  });
});
