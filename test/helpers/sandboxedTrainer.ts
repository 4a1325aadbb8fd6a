// A trainer bundle the sandbox can be on for. The shipped one compiles learner files with esbuild,
// whose native binary runs as a child process, which the sandbox forbids; until it no longer does,
// tests build one with Sucrase in esbuild's place (test/helpers/sucraseCompiler.ts).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { trainerSpawnsCompiler } from '../../src/host/sandbox';
import { REPO, tempDir } from './fixtures';

let built: Promise<string> | undefined;

export function sandboxedTrainer(): Promise<string> {
  const shipped = path.join(REPO, 'dist', 'trainer.js');
  if (!trainerSpawnsCompiler(shipped)) return Promise.resolve(shipped);
  built ??= (async () => {
    const dir = tempDir();
    for (const file of fs.readdirSync(path.join(REPO, 'dist')).filter((name) => name.endsWith('.wasm'))) fs.copyFileSync(path.join(REPO, 'dist', file), path.join(dir, file));
    await esbuild.build({
      entryPoints: [path.join(REPO, 'src', 'trainer', 'main.ts')], outfile: path.join(dir, 'trainer.js'),
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'warning',
      external: ['@tensorflow/tfjs-node'], alias: { esbuild: path.join(__dirname, 'sucraseCompiler.ts') },
    });
    return path.join(dir, 'trainer.js');
  })();
  return built;
}
