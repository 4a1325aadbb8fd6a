import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { archiveName, compareVersions, MANIFEST_FILE, packFiles, readPackArchive, sha256, writePackArchive } from '../src/host/packArchive';
import { PACK, tempDir } from './helpers/fixtures';
import { fixturePack } from './helpers/packArchives';

describe('.dlxpack archives', () => {
  it('packing the bundled pack twice gives identical bytes, named <name>-<version>.dlxpack', async () => {
    const first = await writePackArchive(PACK, tempDir());
    const second = await writePackArchive(PACK, tempDir());
    assert.equal(path.basename(first.file), 'dudl-ann-1.0.0.dlxpack');
    assert.equal(sha256(fs.readFileSync(first.file)), sha256(fs.readFileSync(second.file)));
  });

  it('the same files in another folder, written at another time, give the same bytes', async () => {
    const copy = path.join(tempDir(), 'copy');
    fs.cpSync(fixturePack('v1'), copy, { recursive: true });
    fs.utimesSync(path.join(copy, 'pack.json'), new Date(2030, 5, 5), new Date(2030, 5, 5));
    const a = await writePackArchive(fixturePack('v1'), tempDir());
    const b = await writePackArchive(copy, tempDir());
    assert.deepEqual(fs.readFileSync(a.file), fs.readFileSync(b.file));
  });

  it('the manifest lists every file with its size and sha256, sorted, and reads back exactly', async () => {
    const { file, manifest } = await writePackArchive(fixturePack('v1'), tempDir());
    assert.equal(manifest.name, 'fixture-pack');
    assert.equal(manifest.version, '1.0.0');
    assert.deepEqual(manifest.files.map((f) => f.path), packFiles(fixturePack('v1')));
    assert.ok(manifest.files.map((f) => f.path).includes('alpha/starter.ts'));
    const starter = fs.readFileSync(path.join(fixturePack('v1'), 'alpha', 'starter.ts'));
    assert.deepEqual(manifest.files.find((f) => f.path === 'alpha/starter.ts'), { path: 'alpha/starter.ts', size: starter.length, sha256: sha256(starter) });
    const read = await readPackArchive(file);
    assert.deepEqual(read.manifest, manifest);
    assert.deepEqual(read.contents.get('alpha/starter.ts'), starter);
    assert.equal(read.contents.has(MANIFEST_FILE), false);
  });

  it('leaves out dot folders (.git, .dlx), node_modules and built archives', async () => {
    const copy = path.join(tempDir(), 'copy');
    fs.cpSync(fixturePack('v1'), copy, { recursive: true });
    for (const extra of ['.dlx/progress.json', '.git/HEAD', 'node_modules/x/index.js', 'fixture-pack-0.9.0.dlxpack']) {
      fs.mkdirSync(path.dirname(path.join(copy, extra)), { recursive: true });
      fs.writeFileSync(path.join(copy, extra), 'x');
    }
    assert.deepEqual(packFiles(copy), packFiles(fixturePack('v1')));
  });

  it('refuses a pack that does not load, and one without a semantic version', async () => {
    const broken = path.join(tempDir(), 'broken');
    fs.cpSync(fixturePack('v1'), broken, { recursive: true });
    fs.rmSync(path.join(broken, 'alpha', 'solution.ts'));
    await assert.rejects(writePackArchive(broken, tempDir()), /alpha[/\\]exercise\.json: solution "solution\.ts" does not exist in the pack/);
    const pack = JSON.parse(fs.readFileSync(path.join(fixturePack('v1'), 'pack.json'), 'utf8'));
    const unversioned = path.join(tempDir(), 'unversioned');
    fs.cpSync(fixturePack('v1'), unversioned, { recursive: true });
    fs.writeFileSync(path.join(unversioned, 'pack.json'), JSON.stringify({ ...pack, version: 'spring' }));
    await assert.rejects(writePackArchive(unversioned, tempDir()), /\$\.version is "spring"; a pack that is distributed needs a semantic version/);
  });

  it('names the archive from the pack', () => {
    assert.equal(archiveName({ name: 'p', version: '2.1.0-rc.1' }), 'p-2.1.0-rc.1.dlxpack');
  });

  it('orders semantic versions: numbers as numbers, a pre-release before its release', () => {
    assert.ok(compareVersions('1.10.0', '1.9.0') > 0);
    assert.ok(compareVersions('2.0.0', '10.0.0') < 0);
    assert.equal(compareVersions('1.2.3', '1.2.3+build.5'), 0);
    assert.ok(compareVersions('1.0.0-rc.1', '1.0.0') < 0);
    assert.ok(compareVersions('1.0.0-alpha', '1.0.0-beta') < 0);
    assert.ok(compareVersions('1.0.0-rc.2', '1.0.0-rc.10') < 0);
    assert.ok(compareVersions('1.0.0-rc.1', '1.0.0-rc.1.1') < 0);
    assert.ok(compareVersions('1.0.0-1', '1.0.0-alpha') < 0);
    assert.throws(() => compareVersions('one', '1.0.0'), /"one" is not a semantic version/);
  });
});
