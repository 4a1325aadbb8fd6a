// The trainer's code cache (src/host/codeCache.ts, src/trainer/codeCache.ts): a warm-up child
// writes it, a trainer child under its sandbox loads the bundle from it, and V8 refuses one made
// under another heap cap or a corrupt one, after which the bundle compiles as without a cache.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_CACHE_PRELOAD, codeCacheFile, trainerEnvironment, trainerStartFlags } from '../src/host/codeCache';
import { sandboxFor } from '../src/host/sandbox';
import { CODE_CACHE_FILE_ENV, CODE_CACHE_MAKE_ENV } from '../src/trainer/codeCacheEnv';
import { REPO, tempDir } from './helpers/fixtures';

/** dist/trainer.js and its preload, copied where this test may write their cache. */
function shippedCopy(): string {
  const dir = tempDir();
  for (const file of ['trainer.js', CODE_CACHE_PRELOAD]) fs.copyFileSync(path.join(REPO, 'dist', file), path.join(dir, file));
  return path.join(dir, 'trainer.js');
}

async function until(exists: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!fs.existsSync(exists)) {
    if (Date.now() > deadline) throw new Error(`${exists} did not appear within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What the preload found, from a second preload that prints it as the trainer exits. */
function cacheStateOf(trainer: string, execArgv: string[], env: Record<string, string>): string {
  const printer = path.join(path.dirname(trainer), 'print-state.js');
  fs.writeFileSync(printer, "process.on('exit', () => process.stdout.write(String(process.env.DLX_CODE_CACHE_STATE)));\n");
  const sandbox = sandboxFor(trainer, { backend: 'fused' }, {}).execArgv;
  const run = spawnSync(process.execPath, [...execArgv, ...sandbox, `--require=${printer}`, trainer], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

describe('the trainer code cache', () => {
  it('is keyed by the heap cap and by the bundle, which V8 compares only by length', () => {
    const dir = tempDir({ 'trainer.js': 'one' });
    const bundle = path.join(dir, 'trainer.js');
    const first = codeCacheFile(bundle, 512)!;
    assert.equal(path.dirname(first), path.join(dir, 'code-cache'));
    assert.notEqual(codeCacheFile(bundle, 1024), first);
    fs.writeFileSync(bundle, 'other');
    assert.notEqual(codeCacheFile(bundle, 512), first);
    assert.equal(codeCacheFile(path.join(dir, 'missing.js'), 512), undefined);
  });

  it('a trainer starts without NODE_EXTRA_CA_CERTS, which Node parses at every start, and with the rest of the environment', () => {
    const env = trainerEnvironment({ PATH: '/usr/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', DLX_PACKS_DIR: '/packs' });
    assert.deepEqual(env, { PATH: '/usr/bin', DLX_PACKS_DIR: '/packs' });
  });

  it('the trainer bundle makes no dynamic import(), which a vm.Script without an import callback cannot run', () => {
    assert.doesNotMatch(fs.readFileSync(path.join(REPO, 'dist', 'trainer.js'), 'utf8'), /(^|[^\w$.])import\(/);
  });

  it('without the preload next to the bundle, a trainer gets the heap cap and the V8 flags only', () => {
    const bundle = path.join(tempDir({ 'trainer.js': '' }), 'trainer.js');
    assert.deepEqual(trainerStartFlags(bundle, 256), { execArgv: ['--max-old-space-size=256', '--no-use-osr'], env: {} });
    assert.ok(!fs.existsSync(path.join(path.dirname(bundle), 'code-cache')));
  });

  it('a warm-up child writes it; the sandboxed trainer then loads from it, and V8 refuses it under another heap cap', async () => {
    const trainer = shippedCopy();
    const start = trainerStartFlags(trainer, 256);
    const file = start.env[CODE_CACHE_FILE_ENV];
    assert.deepEqual(start.execArgv, ['--max-old-space-size=256', '--no-use-osr', `--require=${path.join(path.dirname(trainer), CODE_CACHE_PRELOAD)}`]);
    await until(file);
    assert.ok(fs.statSync(file).size > 100_000, `${fs.statSync(file).size} bytes`);
    assert.equal(cacheStateOf(trainer, start.execArgv, start.env), 'accepted');
    // Started from a shell that has the warm-up's flag set, a trainer still only reads the cache.
    process.env[CODE_CACHE_MAKE_ENV] = '1';
    try {
      assert.equal(cacheStateOf(trainer, start.execArgv, start.env), 'accepted');
    } finally {
      delete process.env[CODE_CACHE_MAKE_ENV];
    }
    assert.equal(cacheStateOf(trainer, start.execArgv.map((flag) => flag.replace('=256', '=300')), start.env), 'rejected');
    assert.equal(cacheStateOf(trainer, start.execArgv.filter((flag) => flag !== '--no-use-osr'), start.env), 'rejected', 'the warm-up child ran under the same V8 flags');
    fs.rmSync(file);
    assert.equal(cacheStateOf(trainer, start.execArgv, start.env), 'absent');
  });
});
