import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPack } from '../src/engine/pack';
import { INSTALL_RECORD, installedPackDirs, installPack, parsePackSource } from '../src/host/packInstall';
import { changedStarters, readStarterRecords, recordStarter } from '../src/host/starterRecords';
import { tempDir } from './helpers/fixtures';
import { fixtureArchive, fixturePack } from './helpers/packArchives';

const read = (file: string) => fs.readFileSync(file, 'utf8');

describe('installing packs', () => {
  it('v1 then v2 of a .dlxpack: the pack files are replaced, the learner files, .dlx/ and stray files are not', async () => {
    const into = tempDir();
    const workspace = tempDir();
    const v1 = await installPack(parsePackSource(await fixtureArchive('v1')), { into });
    assert.equal(v1.dir, path.join(into, 'fixture-pack'));
    assert.deepEqual(v1.pack.exercises.map((e) => e.id), ['alpha', 'beta']);
    assert.equal(v1.previousVersion, undefined);
    // The learner opens both exercises (the editor copies the starter and records its hash), edits one.
    for (const exercise of v1.pack.exercises) {
      fs.copyFileSync(exercise.starter, path.join(workspace, exercise.learnerFileName));
      recordStarter(workspace, exercise, 1000);
    }
    fs.appendFileSync(path.join(workspace, 'alpha.ts'), '\n// my edit\n');
    fs.mkdirSync(path.join(workspace, '.dlx'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.dlx', 'progress.json'), '{"alpha":{"passed":true,"runs":3,"lastRunAt":1}}\n');
    fs.writeFileSync(path.join(v1.dir, 'my-notes.txt'), 'notes');
    const before = { alpha: read(path.join(workspace, 'alpha.ts')), beta: read(path.join(workspace, 'beta.ts')), progress: read(path.join(workspace, '.dlx', 'progress.json')), starters: readStarterRecords(workspace) };
    assert.deepEqual(changedStarters(workspace, v1.pack.exercises), []);

    const v2 = await installPack(parsePackSource(await fixtureArchive('v2')), { into });
    assert.equal(v2.previousVersion, '1.0.0');
    assert.equal(v2.pack.version, '2.0.0');
    assert.deepEqual(v2.removedExercises, ['beta']);
    assert.equal(fs.existsSync(path.join(v2.dir, 'beta')), false, 'the removed exercise folder is gone from the pack');
    assert.equal(read(path.join(v2.dir, 'alpha', 'starter.ts')), read(path.join(fixturePack('v2'), 'alpha', 'starter.ts')));
    assert.equal(read(path.join(v2.dir, 'my-notes.txt')), 'notes');
    assert.deepEqual({ alpha: read(path.join(workspace, 'alpha.ts')), beta: read(path.join(workspace, 'beta.ts')), progress: read(path.join(workspace, '.dlx', 'progress.json')), starters: readStarterRecords(workspace) }, before);
    const changed = changedStarters(workspace, v2.pack.exercises);
    assert.deepEqual(changed.map((c) => [c.exercise.id, c.learnerFile]), [['alpha', path.join(workspace, 'alpha.ts')]]);
    assert.deepEqual(JSON.parse(read(path.join(v2.dir, INSTALL_RECORD))).version, '2.0.0');
    assert.deepEqual(installedPackDirs(into), [v2.dir]);
  });

  it('going back to v1 is refused, done when the prompt says yes, and with force', async () => {
    const into = tempDir();
    await installPack(parsePackSource(await fixtureArchive('v2')), { into });
    await assert.rejects(installPack(parsePackSource(await fixtureArchive('v1')), { into }), /fixture-pack 2\.0\.0 is installed, and 1\.0\.0 is older: refused \(use --force/);
    const asked: string[] = [];
    const no = async (installed: string, incoming: string) => (asked.push(`${installed} -> ${incoming}`), false);
    await assert.rejects(installPack(parsePackSource(await fixtureArchive('v1')), { into, confirmDowngrade: no }), /is older: refused/);
    assert.deepEqual(asked, ['2.0.0 -> 1.0.0']);
    const yes = await installPack(parsePackSource(await fixtureArchive('v1')), { into, confirmDowngrade: async () => true });
    assert.equal(yes.pack.version, '1.0.0', 'going back when the editor\'s prompt says yes');
    await installPack(parsePackSource(await fixtureArchive('v2')), { into });
    const back = await installPack(parsePackSource(await fixtureArchive('v1')), { into, force: true });
    assert.equal(back.pack.version, '1.0.0');
    assert.deepEqual(loadPack(back.dir).exercises.map((e) => e.id), ['alpha', 'beta']);
  });

  it('installs from a folder, and from a git repository with the system git', async () => {
    const into = tempDir();
    const fromFolder = await installPack(parsePackSource(fixturePack('v1')), { into });
    assert.equal(fromFolder.pack.exercises.length, 2);
    const repo = path.join(tempDir(), 'repo');
    fs.cpSync(fixturePack('v2'), repo, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'v2');
    const other = tempDir();
    const fromGit = await installPack(parsePackSource(`file://${repo}`), { into: other });
    assert.equal(fromGit.pack.version, '2.0.0');
    assert.equal(fs.existsSync(path.join(fromGit.dir, '.git')), false);
  });

  it('tells a .dlxpack, a folder and a git URL apart', () => {
    const folder = fixturePack('v1');
    assert.deepEqual(parsePackSource(folder), { kind: 'folder', dir: folder });
    assert.deepEqual(parsePackSource('https://example.org/p.git'), { kind: 'git', url: 'https://example.org/p.git' });
    assert.deepEqual(parsePackSource('git@github.com:me/p.git'), { kind: 'git', url: 'git@github.com:me/p.git' });
    assert.throws(() => parsePackSource(path.join(folder, 'pack.json')), /is neither a \.dlxpack archive nor a folder/);
    assert.throws(() => parsePackSource('/no/such/thing.dlxpack'), /does not exist; install takes a \.dlxpack file/);
  });
});
