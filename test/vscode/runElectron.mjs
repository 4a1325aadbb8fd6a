#!/usr/bin/env node
// `npm run test:vscode`: the in-editor suite (test/vscode, compiled to out/test/vscode) in desktop
// VS Code, which @vscode/test-electron downloads into .vscode-test/ (git-ignored). Same suite files
// as `npm run test:e2e` (code-server + Chromium); the `(browser)` tests are skipped here (pending),
// as there is no page to look at.
//
//   node test/vscode/runElectron.mjs [--suite trusted|untrusted|metaparams|install|guidance]... [--grep <regexp>]
//        [--version 1.100.3|stable|insiders] [--vscode <path to a VS Code executable>]
//
// Headless Linux needs a display: `xvfb-run -a npm run test:vscode`. Offline, or to use an
// installed VS Code: --vscode /path/to/code (or env DLX_VSCODE_EXECUTABLE); the executable is the
// Electron app itself (Linux: .../VSCode-linux-x64/code, macOS: .../Visual Studio Code.app/Contents/MacOS/Electron).
//
// Two launches, each with its own temp workspace holding a copy of exercises/dudl-ann:
//   trusted    runTests() of @vscode/test-electron (it always passes --disable-workspace-trust)
//   untrusted  the same arguments minus --disable-workspace-trust, so the folder opens in Restricted
//              Mode; runTests() cannot drop that flag, so this one is spawned here. Its fresh
//              profile sets security.workspace.trust.startupPrompt to "never": no trust dialog.
// Each run writes its counts to test-results/vscode/<suite>-results.json (the harness's results
// contract, scripts/README-e2e.md). Last line: `vscode: N passed, N failed, N pending`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { REPO, TEST_INDEX, makeWorkspace, parseRunnerArgs, removeWorkspace } from './workspaces.mjs';

const { values: a, suites } = parseRunnerArgs('node test/vscode/runElectron.mjs [--suite trusted|untrusted|metaparams|install|guidance]... [--grep <regexp>] [--version <vscode version>] [--vscode <executable>]', {
  version: { type: 'string', default: process.env.DLX_VSCODE_VERSION || '1.100.3' },
  vscode: { type: 'string', default: process.env.DLX_VSCODE_EXECUTABLE },
});
if (!fs.existsSync(TEST_INDEX)) throw new Error(`${TEST_INDEX} is missing: run npm run test:vscode (it builds) or node test/vscode/build.mjs`);

const cacheDir = path.join(REPO, '.vscode-test');
const resultsDir = path.join(REPO, 'test-results/vscode');
fs.mkdirSync(resultsDir, { recursive: true });

let executable = a.vscode;
if (!executable) {
  try {
    executable = await downloadAndUnzipVSCode({ version: a.version, cachePath: cacheDir });
  } catch (error) {
    console.error(`vscode: could not download VS Code ${a.version} (${error?.message ?? error}).\n` +
      'Use an installed one: --vscode <executable> or DLX_VSCODE_EXECUTABLE; or run the same suite in code-server: npm run test:e2e');
    process.exit(2);
  }
}
console.log(`vscode: ${executable}`);

/** Same arguments as runTests() of @vscode/test-electron 2.5, minus --disable-workspace-trust. */
async function launchUntrusted(workspace, env) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dlx-vscode-profile-'));
  const userDataDir = path.join(profile, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'workbench.startupEditor': 'none' }, null, 2),
  );
  const args = [
    workspace,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    `--extensionTestsPath=${TEST_INDEX}`,
    `--extensionDevelopmentPath=${REPO}`,
    `--user-data-dir=${userDataDir}`,
    `--extensions-dir=${path.join(profile, 'extensions')}`,
  ];
  const child = spawn(executable, args, { env: { ...process.env, ...env }, stdio: 'inherit', detached: process.platform !== 'win32', shell: process.platform === 'win32' });
  const killChild = () => {
    try {
      if (process.platform === 'win32') child.kill();
      else process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  process.on('exit', killChild);
  try {
    const code = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (exitCode, signal) => resolve(exitCode ?? signal));
    });
    if (code !== 0) throw new Error(`VS Code exited with ${code}`);
  } finally {
    process.off('exit', killChild);
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

let passed = 0;
let failed = 0;
let pending = 0;
for (const suite of suites) {
  const workspace = makeWorkspace(suite);
  const resultsFile = path.join(resultsDir, `${suite}-results.json`);
  fs.rmSync(resultsFile, { force: true });
  const env = { DLX_VSCODE_SUITE: suite, DLX_E2E_RESULTS: resultsFile, ...(a.grep ? { DLX_VSCODE_GREP: a.grep } : {}) };
  let error;
  try {
    if (suite !== 'untrusted') {
      await runTests({ vscodeExecutablePath: executable, extensionDevelopmentPath: REPO, extensionTestsPath: TEST_INDEX, launchArgs: [workspace], extensionTestsEnv: env });
    } else {
      await launchUntrusted(workspace, env);
    }
  } catch (e) {
    error = e;
  }
  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : undefined;
  if (results) {
    passed += results.passed;
    failed += results.failed;
    pending += results.pending ?? 0;
    for (const f of results.failures) console.log(`FAIL [${suite}] ${f.title}\n  ${String(f.message).split('\n').join('\n  ')}`);
    console.log(`vscode ${suite}: ${results.passed} passed, ${results.failed} failed, ${results.pending ?? 0} pending`);
  } else {
    failed++;
    console.log(`vscode ${suite}: no results (${error?.message ?? 'VS Code ended without writing them'})`);
  }
  if (error && results && results.failed === 0) {
    failed++;
    console.log(`vscode ${suite}: ${error.message}`);
  }
  removeWorkspace(workspace);
}
console.log(`vscode: ${passed} passed, ${failed} failed, ${pending} pending`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
