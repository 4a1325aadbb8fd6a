// The authoring and distribution verbs through bin/dlx.js, as an instructor types them.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACK, REPO, tempDir } from './helpers/fixtures';
import { fixturePack } from './helpers/packArchives';

const dlx = (args: string[], cwd = REPO, env: Record<string, string> = {}) => spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });

describe('dlx new, pack and install', () => {
  it('new pack, new exercise demo, then validate: exit 0 (the starters fail, the solutions pass)', () => {
    const dir = path.join(tempDir(), 'p');
    for (const args of [['new', 'pack', dir], ['new', 'exercise', dir, 'demo']]) {
      const step = dlx(args);
      assert.equal(step.status, 0, step.stderr);
    }
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'pack.json'), 'utf8')).exercises, ['first-exercise', 'demo']);
    for (const file of ['README.md', 'data/README.md', 'demo/README.md', 'demo/exercise.json', 'demo/starter.ts', 'demo/solution.ts']) assert.ok(fs.existsSync(path.join(dir, file)), file);
    const validate = dlx(['validate', dir, '--json']);
    assert.equal(validate.status, 0, validate.stdout + validate.stderr);
    const report = JSON.parse(validate.stdout);
    assert.deepEqual(report.runs.map((r: { exercise: string; file: string; passed: boolean }) => `${r.exercise} ${r.file} ${r.passed}`), ['first-exercise solution true', 'first-exercise starter false', 'demo solution true', 'demo starter false']);
  });

  it('dlx pack exercises/dudl-ann writes dudl-ann-1.0.0.dlxpack, and again the same bytes', () => {
    const out = tempDir();
    const first = dlx(['pack', PACK, '--out', out]);
    assert.equal(first.status, 0, first.stderr);
    const files = fs.readdirSync(PACK, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.parentPath.split(path.sep).some((part) => part.startsWith('.'))).length;
    assert.match(first.stdout, new RegExp(`^Wrote .*dudl-ann-1\\.0\\.0\\.dlxpack: dudl-ann 1\\.0\\.0, ${files} files\\.\n$`));
    const bytes = fs.readFileSync(path.join(out, 'dudl-ann-1.0.0.dlxpack'));
    assert.equal(dlx(['pack', PACK, '--out', out], REPO, { TZ: 'Pacific/Auckland' }).status, 0);
    assert.deepEqual(fs.readFileSync(path.join(out, 'dudl-ann-1.0.0.dlxpack')), bytes);
  });

  it('dlx install v1 then v2: the removed exercise and the changed starter are named, the learner file kept', () => {
    const into = tempDir();
    const workspace = tempDir();
    assert.equal(dlx(['pack', fixturePack('v1'), '--out', workspace]).status, 0);
    assert.equal(dlx(['pack', fixturePack('v2'), '--out', workspace]).status, 0);
    const v1 = dlx(['install', 'fixture-pack-1.0.0.dlxpack', '--into', into], workspace);
    assert.equal(v1.status, 0, v1.stderr);
    assert.equal(v1.stdout, `Installed fixture-pack 1.0.0 in ${path.join(into, 'fixture-pack')}: 2 exercises.\n`);
    fs.writeFileSync(path.join(workspace, 'alpha.ts'), '// mine\n');
    fs.mkdirSync(path.join(workspace, '.dlx'));
    fs.writeFileSync(path.join(workspace, '.dlx', 'starters.json'), JSON.stringify({ 'alpha.ts': { exercise: 'alpha', sha256: '0'.repeat(64), recordedAt: 1 } }));
    const v2 = dlx(['install', 'fixture-pack-2.0.0.dlxpack', '--into', into], workspace);
    assert.equal(v2.status, 0, v2.stderr);
    assert.match(v2.stdout, /^Installed fixture-pack 2\.0\.0 \(was 1\.0\.0\) in .*: 1 exercises\.\nNo longer in the pack: beta\. Your files for them are kept\.\nThe starter of alpha changed since your alpha\.ts was made from it \(your file is unchanged\)\. Compare: diff alpha\.ts .*alpha[/\\]starter\.ts\n$/);
    assert.equal(fs.readFileSync(path.join(workspace, 'alpha.ts'), 'utf8'), '// mine\n');
    const back = dlx(['install', 'fixture-pack-1.0.0.dlxpack', '--into', into], workspace);
    assert.equal(back.status, 2);
    assert.match(back.stderr, /fixture-pack 2\.0\.0 is installed, and 1\.0\.0 is older: refused \(use --force/);
    assert.equal(dlx(['install', 'fixture-pack-1.0.0.dlxpack', '--into', into, '--force'], workspace).status, 0);
  });
});
