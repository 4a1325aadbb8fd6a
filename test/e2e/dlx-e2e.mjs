#!/usr/bin/env node
// `npm run test:e2e`: the in-editor suite (test/vscode, compiled to out/test/vscode) in code-server +
// headless Chromium, through test/e2e/harness.mjs. Two harness runs, each with its own workspace
// (a temp copy of exercises/dudl-ann): `trusted` (--disable-workspace-trust) and `untrusted`
// (Restricted Mode). The browser side (test/e2e/dlx-on-page.mjs) answers the suite's questions
// about the rendered page and saves screenshots under test-results/e2e/.
//
//   node test/e2e/dlx-e2e.mjs [--suite trusted|untrusted|metaparams|install|guidance] [--grep <regexp>] [--keep] [--quiet] [--timeout <ms>]
//
// Needs: scripts/install-e2e-tools.sh, `node esbuild.config.mjs` (dist/) and `node test/vscode/build.mjs`
// (npm run test:e2e does both builds). Last line: `e2e: N passed, N failed`; exit code 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { REPO, TEST_INDEX, makeWorkspace, parseRunnerArgs, removeWorkspace } from '../vscode/workspaces.mjs';
import { makeOnPage } from './dlx-on-page.mjs';
import { runInCodeServer } from './harness.mjs';

const { values: a, suites } = parseRunnerArgs('node test/e2e/dlx-e2e.mjs [--suite trusted|untrusted|metaparams|install|guidance]... [--grep <regexp>] [--keep] [--quiet] [--timeout <ms>]', {
  keep: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  timeout: { type: 'string', default: '600000' },
});
for (const built of [TEST_INDEX, path.join(REPO, 'dist/extension.js'), path.join(REPO, 'dist/trainer.js'), path.join(REPO, 'dist/webview.js')]) {
  if (!fs.existsSync(built)) throw new Error(`${path.relative(REPO, built)} is missing: run \`npm run test:e2e\` (it builds), or node esbuild.config.mjs && node test/vscode/build.mjs`);
}

const resultsDir = path.join(REPO, 'test-results/e2e');
fs.mkdirSync(resultsDir, { recursive: true });
const started = Date.now();
let passed = 0;
let failed = 0;
const lines = [];

for (const suite of suites) {
  const workspace = makeWorkspace(suite);
  const screenshotDir = path.join(resultsDir, suite);
  const resultsFile = path.join(resultsDir, `${suite}-results.json`);
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  const t0 = Date.now();
  let ok = false;
  try {
    const r = await runInCodeServer({
      // DLX_E2E_EXTENSION: an unpacked .vsix (e.g. code-server --install-extension's folder) instead of the source tree.
      extensionPath: process.env.DLX_E2E_EXTENSION ? path.resolve(process.env.DLX_E2E_EXTENSION) : REPO,
      testsPath: TEST_INDEX,
      workspace,
      trusted: suite !== 'untrusted',
      resultsFile,
      screenshotDir,
      timeoutMs: Number(a.timeout),
      onPage: makeOnPage({ resultsFile, screenshotDir }),
      env: { DLX_VSCODE_SUITE: suite, ...(a.grep ? { DLX_VSCODE_GREP: a.grep } : {}) },
      settings: { 'workbench.editor.enablePreview': false, 'git.enabled': false },
      quiet: a.quiet,
      keepRunDir: a.keep,
    });
    passed += r.passed;
    failed += r.failed;
    for (const f of r.failures) console.log(`FAIL [${suite}] ${f.title}\n  ${String(f.message).split('\n').join('\n  ')}`);
    if (r.exitCode !== 0 && r.failed === 0) {
      failed++;
      console.log(`FAIL [${suite}] the extension host exited with code ${r.exitCode}`);
    }
    ok = r.failed === 0 && r.exitCode === 0;
    lines.push(`e2e ${suite}: ${r.passed} passed, ${r.failed} failed, ${r.pending ?? 0} pending in ${((Date.now() - t0) / 1000).toFixed(1)} s` + (a.keep ? ` (logs in ${r.runDir})` : ''));
  } catch (error) {
    console.error(error?.stack ?? error);
    const partial = error?.results;
    passed += partial?.passed ?? 0;
    failed += Math.max(1, partial?.failed ?? 0);
    lines.push(`e2e ${suite}: harness error after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    if (ok && !a.keep) removeWorkspace(workspace);
    else console.log(`workspace kept: ${workspace}`);
  }
}

for (const line of lines) console.log(line);
console.log(`screenshots in ${path.relative(process.cwd(), resultsDir) || '.'}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
