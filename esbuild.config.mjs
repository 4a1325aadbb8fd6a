// One build for every bundle. `--production` minifies, `--watch` rebuilds on change.
// Type-checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// tfjs and sucrase (both pure JS) are bundled into the trainer, which hands that same tfjs
// instance to learner code, so the .vsix has no native binary and serves every platform.
// External: the optional native tfjs-node (it shares tfjs's global engine and kernel registry)
// and vscode (provided by the editor).
const nodeExternals = ['@tensorflow/tfjs-node', 'vscode'];

/** @param {esbuild.BuildOptions} options */
async function build(options) {
  const config = {
    bundle: true,
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    ...options,
  };
  if (watch) {
    const context = await esbuild.context(config);
    await context.watch();
  } else {
    await esbuild.build(config);
  }
}

const node = { platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals };

// The wasm backend loads its binaries from next to the trainer bundle.
// A production build starts clean, so no stale source maps end up in the .vsix.
if (production) rmSync('dist', { recursive: true, force: true });
// Code caches of the previous bundles (their names carry its size and time; a rebuild makes new ones).
rmSync('dist/code-cache', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
for (const file of readdirSync(wasmDir).filter((name) => name.endsWith('.wasm'))) copyFileSync(`${wasmDir}/${file}`, `dist/${file}`);

// Type declarations for learner files (`import * as tf from '@tensorflow/tfjs'` in the editor).
for (const pkg of ['tfjs-core', 'tfjs-layers']) {
  cpSync(`node_modules/@tensorflow/${pkg}/dist`, `dist/types/${pkg}`, {
    recursive: true,
    filter: (source) => !source.includes('.') || source.endsWith('.d.ts') || /[\\/]dist$/.test(source) || statSync(source).isDirectory(),
  });
}
writeFileSync('dist/types/tfjs.d.ts', "// The `tf` of learner files: tfjs-core plus tfjs-layers.\nexport * from './tfjs-core/index';\nexport * from './tfjs-layers/index';\n");

await Promise.all([
  build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' }),
  // tfjs's ESM entries, whose package.json `sideEffects` keep the kernel and backend registrations.
  build({ ...node, entryPoints: ['src/trainer/main.ts'], outfile: 'dist/trainer.js', mainFields: ['module', 'main'] }),
  // Preloaded into trainer children: the trainer bundle compiled from V8's code cache (src/host/codeCache.ts).
  build({ ...node, entryPoints: ['src/trainer/codeCache.ts'], outfile: 'dist/trainer-code-cache.js' }),
  build({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' }),
  build({ entryPoints: ['webview/src/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' }),
]);
