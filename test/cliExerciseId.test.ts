// `dlx run <exercise-id>` where a learner works: the id is looked up in the packs in the current
// folder, then in the installed ones, then in the bundled ones, and the learner's own file there is trained.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { miniPack, QWERTY_LEARNER, REPO, tempDir } from './helpers/fixtures';

const CLI = path.join(REPO, 'bin', 'dlx.js');
const dlxIn = (cwd: string, ...args: string[]) => dlxWith({}, cwd, ...args);
const dlxWith = (env: Record<string, string>, cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });

describe('dlx run <exercise-id>', () => {
  it('resolves a bundled exercise by its id and trains ./<learner file> of the current folder', () => {
    const folder = tempDir({ 'many-qwerties.ts': QWERTY_LEARNER });
    const run = dlxIn(folder, 'run', 'many-qwerties', '--epochs', '3', '--json');
    assert.equal(run.status, 1, run.stderr); // 3 epochs: trained, not yet passing
    assert.equal(JSON.parse(run.stdout).exercise, 'many-qwerties');
    assert.doesNotMatch(run.stderr, /running the starter/, 'the learner file in the folder was used');
  });

  it('finds an exercise of a pack copied into the current folder', () => {
    const pack = miniPack();
    const folder = tempDir();
    fs.cpSync(pack, path.join(folder, 'course'), { recursive: true });
    const exerciseJson = path.join(folder, 'course', 'ex', 'exercise.json');
    fs.writeFileSync(exerciseJson, JSON.stringify({ ...JSON.parse(fs.readFileSync(exerciseJson, 'utf8')), id: 'mini-ex' }));
    const run = dlxIn(folder, 'run', 'mini-ex', '--starter', '--json');
    // The mini pack's starter is empty: the run fails on it, so "mini-ex" was found.
    assert.equal(run.status, 2, run.stderr);
    assert.equal(JSON.parse(run.stdout).exercise, 'mini-ex');
  });

  it('an unknown id: exit 2, the close ids and the known ones', () => {
    const run = dlxIn(tempDir(), 'run', 'many-qwerty');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no exercise folder or exercise id "many-qwerty" here, in the installed packs \(.*\) or in the bundled packs\. Did you mean "many-qwerties"\?/);
    assert.match(run.stderr, /Exercises: .*seq-to-class/);
  });

  it('finds an exercise of a pack installed with dlx install (in $DLX_PACKS_DIR)', () => {
    const packs = tempDir();
    const install = dlxWith({ DLX_PACKS_DIR: packs }, REPO, 'install', path.join(REPO, 'test', 'fixtures', 'packs', 'fixture-v1'));
    assert.equal(install.status, 0, install.stderr);
    const run = dlxWith({ DLX_PACKS_DIR: packs }, tempDir(), 'run', 'alpha', '--starter', '--json');
    assert.equal(run.status, 1, run.stderr); // the starter fails its checks: "alpha" was found and ran
    assert.equal(JSON.parse(run.stdout).exercise, 'alpha');
  });

  it('a path that does not exist is still a missing folder, not an id', () => {
    const run = dlxIn(tempDir(), 'run', './many-qwerties');
    assert.equal(run.status, 2);
    assert.doesNotMatch(run.stderr, /Did you mean/);
  });
});
