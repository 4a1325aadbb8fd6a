// One build for every bundle. `--production` minifies, `--watch` rebuilds on change.
// Type-checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// tfjs stays external: the learner's model and the trainer must share one tfjs-core instance,
// and tfjs-node is a native addon that cannot be bundled.
const nodeExternals = ['@tensorflow/*', 'esbuild', 'vscode'];

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

await Promise.all([
  build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' }),
  build({ ...node, entryPoints: ['src/trainer/main.ts'], outfile: 'dist/trainer.js' }),
]);
