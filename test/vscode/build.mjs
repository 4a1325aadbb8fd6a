// Compiles the in-editor test suite (test/vscode) into out/test/vscode/, for both runners:
// `npm run test:e2e` (code-server + Chromium, test/e2e/dlx-e2e.mjs) and `npm run test:vscode`
// (desktop VS Code through @vscode/test-electron, test/vscode/runElectron.mjs).
//
//   out/test/vscode/index.js                 the test index VS Code loads (exports run())
//   out/test/vscode/suite/trusted.test.js    the learner flow in a trusted workspace
//   out/test/vscode/suite/untrusted.test.js  Restricted Mode
//
// Each file is a bundle; `vscode` (given by the extension host) and `mocha` (resolved from the
// repo's node_modules, which out/ sits next to) stay external.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = path.join(root, 'out/test/vscode');
const suiteDir = path.join(root, 'test/vscode/suite');

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: [
    { in: 'test/vscode/index.ts', out: 'index' },
    ...readdirSync(suiteDir)
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => ({ in: `test/vscode/suite/${name}`, out: `suite/${name.replace(/\.ts$/, '')}` })),
  ],
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha', 'esbuild'],
  logLevel: 'warning',
});
if (process.argv.includes('--verbose')) console.log(`test/vscode: built into ${path.relative(root, outdir)}`);
