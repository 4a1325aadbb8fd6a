// dlx validate --watch: the watcher's logic as a unit (short debounce), then the command itself.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPack } from '../src/engine/pack';
import { affectedExercises, isIgnoredChange, Revalidator } from '../src/cli/watch';
import { REPO, tempDir } from './helpers/fixtures';
import { fixturePack } from './helpers/packArchives';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('dlx validate --watch', () => {
  it('a burst of changes makes one round with all of them; a change during a round makes one more after it', async () => {
    const rounds: string[][] = [];
    let release: () => void = () => undefined;
    const revalidator = new Revalidator(async (changed) => {
      rounds.push(changed);
      if (rounds.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 20);
    revalidator.notify('alpha/starter.ts');
    revalidator.notify('alpha/README.md');
    revalidator.notify('alpha/starter.ts');
    await sleep(60);
    assert.deepEqual(rounds, [['alpha/README.md', 'alpha/starter.ts']]);
    revalidator.notify('beta/exercise.json');
    revalidator.notify('pack.json');
    await sleep(60);
    assert.equal(rounds.length, 1, 'no second round while the first runs');
    release();
    await revalidator.idle();
    assert.deepEqual(rounds, [['alpha/README.md', 'alpha/starter.ts'], ['beta/exercise.json', 'pack.json']]);
    revalidator.dispose();
  });

  it('a change in an exercise folder re-runs that exercise; pack.json or data/ re-run them all', () => {
    const pack = loadPack(fixturePack('v1'));
    const ids = (changed: string[]) => affectedExercises(pack, changed).map((e) => e.id);
    assert.deepEqual(ids(['beta/starter.ts']), ['beta']);
    assert.deepEqual(ids(['beta/starter.ts', 'alpha/exercise.json']), ['alpha', 'beta']);
    assert.deepEqual(ids(['pack.json']), ['alpha', 'beta']);
    assert.deepEqual(ids(['data/table.csv', 'alpha/solution.ts']), ['alpha', 'beta']);
    assert.deepEqual(ids(['alphabet/x.ts']), ['alpha', 'beta'], 'a folder whose name starts like an exercise\'s is not that exercise');
  });

  it('ignores run records, version control, editor swap files and built archives', () => {
    for (const file of ['.dlx/progress.json', '.git/index', 'alpha/.starter.ts.swp', 'alpha/starter.ts~', 'p-1.0.0.dlxpack', 'node_modules/x.js']) assert.ok(isIgnoredChange(file), file);
    for (const file of ['alpha/starter.ts', 'pack.json', 'data/README.md']) assert.equal(isIgnoredChange(file), false, file);
  });

  it('the command validates, then reports a broken exercise.json with its JSON path, then the fixed exercise alone', async function () {
    this.timeout(90_000);
    const dir = path.join(tempDir(), 'pack');
    fs.cpSync(fixturePack('v1'), dir, { recursive: true });
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), 'validate', '--watch', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 600 && !pattern.test(out); i++) await sleep(100);
      assert.match(out, pattern);
    };
    try {
      await waitFor(/Watching .* for changes/);
      assert.match(out, /ok: fixture-pack loads, and every exercise passes and fails as it should\./);
      const file = path.join(dir, 'beta', 'exercise.json');
      const good = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(good), limits: { timeoutSeconds: 0 } }));
      await waitFor(/beta[/\\]exercise\.json: \$\.limits\.timeoutSeconds must be at least 1, got 0\./);
      fs.writeFileSync(file, good);
      await waitFor(/beta\/exercise\.json changed: validating beta\n[\s\S]*ok: fixture-pack loads, and beta passes and fails as it should\./);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      assert.equal(await exited, 0, 'Ctrl+C ends the watch');
    }
  });
});
